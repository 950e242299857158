package reports_test

import (
	"testing"
	"time"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/reports"
	"github.com/ecssim/ecssim/sim"
)

// BenchmarkCollector is what the metrics cost a task, apart from placement and the engine: each
// iteration is one task's life as the collector sees it (TaskPlaced, TaskRunning, TaskStopping,
// TaskStopped), on 1,000 m5.xlarge holding 6 tasks each, as in a loaded cluster. The cluster
// is changed as a run changes it, since the collector reads the instances.
func BenchmarkCollector(b *testing.B) {
	const instances, perInstance = 1000, 6
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	fleet := make([]*mt.InstanceBuilder, instances)
	for i := range fleet {
		fleet[i] = mt.Instance("m5.xlarge").Zone(zones[i%len(zones)])
	}
	c := mt.ClusterWith(models.TieOldest, 1, fleet...)
	def := mt.TaskDef("job", 512, 1024)
	w := workload("job", def)
	s := models.NewSimulation(c, sim.NewStreams(1), sim.Time(1000*time.Hour))
	s.Workloads, s.Pricing = []*models.Workload{w}, models.DefaultPricing()
	col := reports.NewCollector(s)
	for _, in := range c.Instances() {
		col.Observe(0, models.Event{Kind: models.InstanceRegistered, Instance: in})
	}
	now := sim.Time(0)
	emit := func(kind models.EventKind, t *models.Task) {
		col.Observe(now, models.Event{Kind: kind, Task: t, Instance: t.Instance})
	}
	start := func(in *models.Instance) *models.Task {
		t := &models.Task{ID: "job", Def: def, Group: w.Group, Workload: w, State: models.Provisioning, CreatedAt: now}
		c.Place(t, in, now)
		emit(models.TaskPlaced, t)
		c.MarkRunning(t, now)
		emit(models.TaskRunning, t)
		return t
	}
	live := make([]*models.Task, 0, instances*perInstance)
	for i := range instances * perInstance {
		live = append(live, start(c.Instances()[i%instances]))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		now += sim.Time(time.Second)
		k := i % len(live) // the oldest task stops, and a new one takes its place
		t, in := live[k], live[k].Instance
		c.BeginStop(t, now, models.StopReasonExited)
		emit(models.TaskStopping, t)
		c.FinishStop(t, now, models.StopReasonExited)
		emit(models.TaskStopped, t)
		live[k] = start(in)
	}
}

package replay

import (
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// names numbers strings in the order they come: the page's tables refer to them by number.
type names struct {
	list []string
	of   map[string]int
}

func (n *names) index(s string) int {
	if i, ok := n.of[s]; ok {
		return i
	}
	if n.of == nil {
		n.of = map[string]int{}
	}
	n.of[s] = len(n.list)
	n.list = append(n.list, s)
	return len(n.list) - 1
}

// owner is a service, or the workload or group of standalone tasks.
type owner struct {
	name, kind     string // kind: "service", "daemon" or "workload"
	svc            *models.Service
	minPct, maxPct int // a replica service's deployment configuration
}

// ownerFor returns the number of the service named (svc) or, with svc nil, of the workload.
func (r *Recorder) ownerFor(name string, svc *models.Service) int {
	key := "workload:" + name
	if svc != nil {
		key = "service:" + name
	}
	if i, ok := r.ownerOf[key]; ok {
		return i
	}
	o := owner{name: name, kind: "workload", svc: svc}
	if svc != nil {
		o.kind = "service"
		if svc.Scheduling == models.Daemon {
			o.kind = "daemon"
		}
		o.minPct, o.maxPct = svc.MinimumHealthyPercent, svc.MaximumPercent
	}
	r.ownerOf[key] = len(r.owners)
	r.owners = append(r.owners, o)
	r.counts.owners = append(r.counts.owners, ownerCount{})
	if svc != nil {
		r.counts.owners[len(r.owners)-1].desired = svc.DesiredCount
	}
	return len(r.owners) - 1
}

// ownerOfTask returns the number of a task's service, or of its workload or group.
func (r *Recorder) ownerOfTask(t *models.Task) int {
	if t.Service != nil {
		return r.ownerFor(t.Service.Name, t.Service)
	}
	return r.ownerFor(t.Owner(), nil)
}

// instRow is an EC2 instance as the page draws it.
type instRow struct {
	id, typ, group, market string
	zone                   int
	cpu, mem, gpus         int64
	price                  float64 // per hour
	registered             sim.Time
}

func (r *Recorder) instRowOf(now sim.Time, in *models.Instance) instRow {
	group := in.Group
	if in.Provider != nil {
		group = in.Provider.Name
	}
	if c := in.Agent.Cluster; c != r.sim.Cluster.Name {
		group += " (joined cluster " + c + ")" // its agent's ECS_CLUSTER names another cluster
	}
	return instRow{
		id: in.ID, typ: in.Type.Name, group: group, market: string(in.Market), zone: r.zones.index(in.Zone),
		cpu: in.Registered.CPU, mem: in.Registered.MemoryMiB, gpus: in.Registered.GPUMilli / models.MilliPerGPU,
		price: r.sim.Pricing.InstanceHourly(in), registered: now,
	}
}

// taskRow is a placed task as the page draws it: what it reserves, when it was created, and
// for a Fargate task its capacity (FARGATE or FARGATE_SPOT, or its provider's name).
type taskRow struct {
	id                 string
	owner, def         int
	cpu, mem, gpuMilli int64
	created            sim.Time
	fargate            string
}

func (r *Recorder) taskRowOf(t *models.Task, owner int, in *models.Instance) taskRow {
	c := t.Def.Charge()
	row := taskRow{
		id: t.ID, owner: owner, def: r.defs.index(t.Def.Ref()),
		cpu: c.CPU, mem: c.MemoryMiB, gpuMilli: c.GPUMilli, created: t.CreatedAt,
	}
	switch {
	case in == nil || !in.Fargate():
	case in.Provider != nil:
		row.fargate = in.Provider.Name
	case in.Market == models.Spot:
		row.fargate = models.FargateSpotProviderName
	default:
		row.fargate = models.FargateProviderName
	}
	return row
}

// liveTask is a placed task not yet STOPPED: its row (-1 when the page leaves it out), and
// what the counters count of it.
type liveTask struct {
	row, owner, zone int
	state            taskState
	healthy          bool
}

type taskState uint8

const (
	placed taskState = iota
	running
	stopping
)

// event is one event the page keeps: its time, kind, the rows it concerns (-1 for none), its
// line in words and the cost so far.
type event struct {
	t                             sim.Time
	kind, task, inst, zone, owner int
	text                          int
	value                         int64   // DesiredCountChanged: the new desired count
	cost, rate                    float64 // the cost so far, and its rate per hour then
}

// mark is an event the timeline marks.
type mark struct {
	t                sim.Time
	kind, zone, text int
}

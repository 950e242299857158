package explain

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// Deployments runs s and writes, for each deployment, what held it pass by pass.
func Deployments(s *models.Simulation, w io.Writer) {
	var log deploymentLog
	log.watch(s)
	s.Run()
	log.write(w, s.Horizon)
}

// DeploymentLog keeps what held each deployment of a run pass by pass, to tell one service's
// deployments after the run, as Deployments tells them all.
type DeploymentLog struct {
	log deploymentLog
	s   *models.Simulation
}

// WatchDeployments returns the log of s's deployments, keeping at most maxPasses passes
// over the run (and maxPasses/10 deployments); call it before s runs. It takes s's OnPass
// hook.
func WatchDeployments(s *models.Simulation, maxPasses int) *DeploymentLog {
	l := &DeploymentLog{s: s}
	l.log.maxPasses = max(maxPasses, 10)
	l.log.watch(s)
	return l
}

// Service returns the words of the deployments of the service named, once the run has ended,
// in at most max bytes: "" when it had none.
func (l *DeploymentLog) Service(name string, max int) string {
	var b strings.Builder
	for _, rec := range l.log.deployments {
		if rec.svc.Name != name {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		rec.write(&b, l.s.Horizon)
		if b.Len() > max {
			break
		}
	}
	if b.Len() > 0 && l.log.left > 0 {
		fmt.Fprintf(&b, "\n(the log kept the run's first %d passes and %d deployments; %d more were left out)\n",
			l.log.maxPasses, l.log.maxPasses/10, l.log.left)
	}
	return cutLines(b.String(), max)
}

// deploymentLog follows each deployment of a run through its service's scheduler passes, to
// say what held it: the floor, the ceiling, capacity, health checks, draining or the throttle.
type deploymentLog struct {
	deployments []*deploymentRecord
	byID        map[*models.Deployment]*deploymentRecord
	// maxPasses, when above 0, caps the passes kept over the whole run (and the deployments at
	// a tenth of it), so that a page's log stays bounded; left counts what it left out.
	maxPasses, passes, left int
}

// deploymentRecord is one deployment's passes, and when it ended.
type deploymentRecord struct {
	svc    *models.Service
	d      *models.Deployment
	from   string // the revisions it replaced
	passes []passAt
	end    sim.Time
	ended  bool
	state  string
}

type passAt struct {
	at sim.Time
	r  models.PassReport
}

// watch makes log hear every pass and deployment of s.
func (l *deploymentLog) watch(s *models.Simulation) {
	l.byID = map[*models.Deployment]*deploymentRecord{}
	s.OnPass = func(now sim.Time, svc *models.Service, r models.PassReport) {
		rec := l.byID[r.Deployment]
		switch {
		case rec == nil || rec.ended:
		case l.maxPasses > 0 && l.passes >= l.maxPasses:
			l.left++
		default:
			l.passes++
			rec.passes = append(rec.passes, passAt{now, r})
		}
	}
	s.AddObserver(l)
}

// Observe implements models.Observer.
func (l *deploymentLog) Observe(now sim.Time, e models.Event) {
	switch e.Kind {
	case models.DeploymentStarted:
		// A new deployment replaces the service's one in progress: its passes end here.
		for _, old := range l.deployments {
			if old.svc == e.Service && !old.ended {
				old.end, old.ended, old.state = now, true, "replaced by "+e.Deployment.ID
			}
		}
		if l.maxPasses > 0 && len(l.deployments) >= l.maxPasses/10 {
			l.left++
			return
		}
		rec := &deploymentRecord{svc: e.Service, d: e.Deployment, from: revisionsOf(e.Service, e.Deployment)}
		l.deployments = append(l.deployments, rec)
		l.byID[e.Deployment] = rec
	case models.DeploymentCompleted, models.DeploymentFailed:
		if rec := l.byID[e.Deployment]; rec != nil && !rec.ended {
			rec.end, rec.ended, rec.state = now, true, "COMPLETED"
			if e.Kind == models.DeploymentFailed {
				rec.state = "FAILED"
			}
		}
	}
}

// revisionsOf lists the revisions a new deployment replaces: those of the service's other
// tasks still active.
func revisionsOf(svc *models.Service, d *models.Deployment) string {
	var revs []string
	for _, t := range svc.Tasks() {
		if ref := t.Def.Ref(); t.Deployment != d && t.Active() && !slices.Contains(revs, ref) {
			revs = append(revs, ref)
		}
	}
	return strings.Join(revs, ", ")
}

// write prints every deployment: its bounds, each pass that changed something or what held
// it, and the time each kind of hold took. A hold is counted from one pass to the next, so a
// task placed between passes (from PROVISIONING) counts under what held it at the last pass.
func (l *deploymentLog) write(w io.Writer, horizon sim.Time) {
	if len(l.deployments) == 0 {
		fmt.Fprintln(w, "no deployments in this run")
	}
	for i, rec := range l.deployments {
		if i > 0 {
			fmt.Fprintln(w)
		}
		rec.write(w, horizon)
	}
}

func (rec *deploymentRecord) write(w io.Writer, horizon sim.Time) {
	d, svc := rec.d, rec.svc
	to := d.Def.Ref()
	if rec.from != "" {
		to = rec.from + " → " + to
	}
	if d.Rollback {
		to += " (a rollback)"
	}
	fmt.Fprintf(w, "service %s, deployment %s: %s\n", svc.Name, d.ID, to)
	if len(rec.passes) > 0 {
		r := rec.passes[0].r
		fmt.Fprintf(w, "  desired %d; floor %d healthy (minimum healthy %d%%); ceiling %d tasks (maximum %d%%)\n",
			r.Desired, r.Floor, svc.MinimumHealthyPercent, r.Ceiling, svc.MaximumPercent)
	}
	end := horizon
	if rec.ended {
		end = rec.end
		fmt.Fprintf(w, "  started at %v, %s at %v after %v\n", dur(d.StartedAt), rec.state, dur(end), dur(end-d.StartedAt))
		if rec.state == "FAILED" && d.Reason != "" {
			fmt.Fprintf(w, "  %s\n", d.Reason)
		}
	} else {
		fmt.Fprintf(w, "  started at %v, still in progress when the run ends at %v\n", dur(d.StartedAt), dur(horizon))
	}
	held := map[string]sim.Time{}
	var kinds []string
	last := ""
	for i, p := range rec.passes {
		until := end
		if i+1 < len(rec.passes) {
			until = rec.passes[i+1].at
		}
		kind, why := holdup(p.r)
		if kind != "" && until > p.at {
			if !slices.Contains(kinds, kind) {
				kinds = append(kinds, kind)
			}
			held[kind] += until - p.at
		}
		line := why
		if p.r.Started+p.r.Stopped > 0 {
			line = fmt.Sprintf("started %d, stopped %d; %s", p.r.Started, p.r.Stopped, why)
		} else if why == last {
			continue // nothing changed
		}
		last = why
		fmt.Fprintf(w, "  %-10v %s\n", dur(p.at), line)
	}
	if len(kinds) > 0 {
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %v", k, dur(held[k])))
		}
		fmt.Fprintf(w, "  held by: %s\n", strings.Join(parts, ", "))
	}
}

// dur writes a virtual time or span as a duration, to the millisecond.
func dur(t sim.Time) time.Duration { return time.Duration(t).Round(time.Millisecond) }

// holdup says, in ECS's terms, what keeps a deployment from its next step after a pass: a kind
// (for the totals; "" when nothing holds it) and a sentence with the numbers.
func holdup(r models.PassReport) (kind, why string) {
	oldBlocked := r.OldLeft > 0 && r.StopRoom == 0
	// The ceiling is judged by the tasks after the pass: a stop of a task not yet placed frees
	// its room at once, for the next pass to use.
	newBlocked := r.Primary < r.Desired && r.Active >= r.Ceiling
	floor := fmt.Sprintf("the floor (%d healthy of %d required) lets no old task stop", r.Healthy, r.Floor)
	ceiling := fmt.Sprintf("the ceiling (%d of %d tasks) lets no new task start", r.Active, r.Ceiling)
	switch {
	case r.Failed:
		return "", "the deployment failed: it starts nothing more"
	case r.OldLeft == 0 && r.Primary >= r.Desired && r.NewNotHealthy+r.Stopping+r.Provisioning == 0:
		return "", fmt.Sprintf("all %d tasks run %s and are healthy", r.Primary, r.Deployment.Def.Ref())
	case r.ThrottledUntil > 0:
		return "throttle", fmt.Sprintf("the service throttle holds new starts until %v, after tasks failed to start", dur(r.ThrottledUntil))
	case r.Unplaced != nil:
		return "capacity", "capacity: a new task found no instance: " + r.Unplaced.Error()
	case r.Provisioning > 0:
		return "capacity", "capacity: " + tasksAre(r.Provisioning, "", "waiting in PROVISIONING for the capacity provider's instances")
	case r.NewNotHealthy > 0 && (oldBlocked || newBlocked):
		why = "health checks: " + tasksAre(r.NewNotHealthy, "new", "not yet healthy")
		if oldBlocked {
			why += "; " + floor
		}
		if newBlocked {
			why += "; " + ceiling
		}
		return "health checks", why
	case r.Stopping > 0 && newBlocked:
		return "draining", fmt.Sprintf("draining: %s; %s", tasksAre(r.Stopping, "", "still stopping"), ceiling)
	case oldBlocked && newBlocked:
		return "deadlock", fmt.Sprintf("deadlock: %s and %s, and nothing in flight will change that; raise maximum_percent or lower minimum_healthy_percent", floor, ceiling)
	case oldBlocked:
		return "floor", floor
	case newBlocked:
		return "ceiling", ceiling
	case r.NewNotHealthy > 0:
		return "health checks", "health checks: " + tasksAre(r.NewNotHealthy, "new", "not yet healthy")
	case r.Stopping > 0:
		return "draining", "draining: " + tasksAre(r.Stopping, "", "still stopping")
	}
	return "", "in progress"
}

// tasksAre says that n tasks (of a kind) are in a state: "1 new task is not yet healthy", "2
// tasks are still stopping".
func tasksAre(n int, kind, state string) string {
	noun, verb := "tasks", "are"
	if n == 1 {
		noun, verb = "task", "is"
	}
	if kind != "" {
		noun = kind + " " + noun
	}
	return fmt.Sprintf("%d %s %s %s", n, noun, verb, state)
}

package explain

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scheduler"
	"github.com/ecssim/ecssim/sim"
)

// waitLog hears a run's events and keeps what explains the time tasks spend before RUNNING
// that the tasks themselves do not record: when each instance registered, each capacity
// provider's scale-outs and the instances it is still launching, what each task's image pull
// found on its instance, and why each service last failed to place a task. It only watches, so
// the run goes as it would without it.
type waitLog struct {
	// watch is the one task explain -task follows; "" follows every task until it runs or
	// stops, for explain -pending.
	watch string
	task  *models.Task // the watched task, once an event names it
	ran   bool         // the watched task reached RUNNING

	registered map[*models.Instance]sim.Time
	scaleOuts  []scaleOut
	launching  map[*models.CapacityProvider]int // launched, not yet registered
	groupSize  map[*models.CapacityProvider]int // registered, not yet terminated
	zonesDown  map[string]int
	outages    bool                                  // a zone went down at some point of the run
	dry        map[string]int                        // capacity pools in a shortage ("FARGATE_SPOT/us-east-1a")
	noCapacity map[*models.CapacityProvider]sim.Time // a group's last launch that found no capacity
	pulls      map[pullKey]pullStart
	placed     map[*models.Task]*placedTask // placed, not yet RUNNING or STOPPED
	lastFail   map[*models.Service]failureAt
	lastPass   map[*models.Service]passAt
}

type scaleOut struct {
	at     sim.Time
	p      *models.CapacityProvider
	metric float64
	count  int
}

// pullKey is one image on one instance; pullStart the task whose pull put it in the cache.
type pullKey struct {
	in    *models.Instance
	image string
}

type pullStart struct {
	task string
	at   sim.Time
}

// placedTask is what a task found when it was placed: its instance, and whether the instance's
// image cache held its image and until when a pull under way there lasts.
type placedTask struct {
	at         sim.Time
	in         *models.Instance
	cached     bool
	cacheReady sim.Time
	puller     pullStart // who started the cached pull
}

// failureAt is a service's placement failure, copied from its PlacementFailed event.
type failureAt struct {
	at         sim.Time
	candidates int
	rejected   []models.Rejection
}

func newWaitLog(watch string) *waitLog {
	return &waitLog{
		watch:      watch,
		registered: map[*models.Instance]sim.Time{},
		launching:  map[*models.CapacityProvider]int{},
		groupSize:  map[*models.CapacityProvider]int{},
		zonesDown:  map[string]int{},
		dry:        map[string]int{},
		noCapacity: map[*models.CapacityProvider]sim.Time{},
		pulls:      map[pullKey]pullStart{},
		placed:     map[*models.Task]*placedTask{},
		lastFail:   map[*models.Service]failureAt{},
		lastPass:   map[*models.Service]passAt{},
	}
}

// Observe implements models.Observer.
func (l *waitLog) Observe(now sim.Time, e models.Event) {
	t := e.Task
	if l.watch != "" && t != nil && t.ID == l.watch {
		l.task = t
	}
	switch e.Kind {
	case models.InstanceRegistered:
		l.registered[e.Instance] = now
		if p := e.Instance.Provider; p != nil {
			l.groupSize[p]++
			l.launching[p] = max(l.launching[p]-1, 0) // the group's first instances were never launched
		}
	case models.InstanceTerminated:
		if p := e.Instance.Provider; p != nil {
			l.groupSize[p]--
		}
	case models.InstanceLaunched:
		l.launching[e.Provider]++
	case models.ScaleOut:
		l.scaleOuts = append(l.scaleOuts, scaleOut{now, e.Provider, e.Metric, e.Count})
	case models.ZoneOutageStarted:
		l.zonesDown[e.Zone]++
		l.outages = true
	case models.ZoneOutageEnded:
		l.zonesDown[e.Zone]--
	case models.CapacityShortageStarted:
		l.dry[e.Message]++
	case models.CapacityShortageEnded:
		l.dry[e.Message]--
	case models.InstanceLaunchFailed:
		l.noCapacity[e.Provider] = now
	case models.PlacementFailed:
		if e.Service != nil {
			f := e.Failure
			l.lastFail[e.Service] = failureAt{now, f.Candidates, slices.Clone(f.Rejected)}
		}
	case models.TaskPlaced:
		l.notePlaced(now, t, e.Instance)
	case models.TaskRunning:
		if t.ID == l.watch {
			l.ran = true
		} else {
			delete(l.placed, t)
		}
	case models.TaskStopped:
		if t.ID != l.watch {
			delete(l.placed, t)
		}
	}
}

// notePlaced records what t's image pull will find on in. TaskPlaced comes before the agent
// pulls, so the cache is as the task found it.
func (l *waitLog) notePlaced(now sim.Time, t *models.Task, in *models.Instance) {
	p := &placedTask{at: now, in: in}
	if im := t.Def.Image; im != nil && im.Registry != nil && !in.Fargate() {
		k := pullKey{in, im.Name}
		p.cacheReady, p.cached = in.CachedImage(im.Name)
		if p.cached {
			p.puller = l.pulls[k]
		} else {
			l.pulls[k] = pullStart{t.ID, now} // a failed pull caches nothing: the next task starts afresh
		}
	}
	if l.watch == "" || t.ID == l.watch {
		l.placed[t] = p
	}
}

// Pending runs s until at and writes every task then not yet RUNNING, with why, and every
// service short of its desired count, with why.
func Pending(s *models.Simulation, at sim.Time, w io.Writer) {
	l := newWaitLog("")
	s.AddObserver(l)
	s.OnPass = func(now sim.Time, svc *models.Service, r models.PassReport) { l.lastPass[svc] = passAt{now, r} }
	s.Start()
	s.Engine.RunUntil(at) // the same events as a full run, up to at: nothing after it is drawn
	l.writePending(w, s, at)
}

// writePending writes the tasks PROVISIONING or PENDING at now, by service then workload, in
// the order they were launched.
func (l *waitLog) writePending(w io.Writer, s *models.Simulation, now sim.Time) {
	var groups []string
	total, short := 0, 0
	for _, svc := range s.Services {
		group, waiting, shortfall := l.serviceGroup(s, svc, now)
		if group == "" {
			continue
		}
		total += waiting
		if shortfall {
			short++
		}
		groups = append(groups, group)
	}
	for _, wl := range s.Workloads {
		waiting := l.workloadWaiting(s, wl)
		if len(waiting) == 0 {
			continue
		}
		total += len(waiting)
		var b strings.Builder
		fmt.Fprintf(&b, "workload %s (RunTask): %d not yet RUNNING\n", wl.Name, len(waiting))
		l.writeTasks(&b, s, waiting, now)
		groups = append(groups, b.String())
	}
	switch {
	case total == 0 && short == 0:
		fmt.Fprintf(w, "at %v nothing is pending: every task has reached RUNNING and every service has its desired count\n", dur(now))
		return
	case total == 0:
		fmt.Fprintf(w, "at %v no task is PROVISIONING or PENDING\n", dur(now))
	default:
		fmt.Fprintf(w, "at %v, %s not yet RUNNING (PROVISIONING or PENDING)\n", dur(now), tasksCount(total))
	}
	for _, g := range groups {
		fmt.Fprintf(w, "\n%s", g)
	}
}

// serviceGroup writes svc's tasks PROVISIONING or PENDING at now and why it falls short of
// its desired count: "" if neither, and how many tasks wait and whether it falls short.
func (l *waitLog) serviceGroup(s *models.Simulation, svc *models.Service, now sim.Time) (group string, pending int, short bool) {
	var waiting []*models.Task
	running := 0
	for _, t := range svc.Tasks() {
		switch t.State {
		case models.Provisioning, models.Pending:
			waiting = append(waiting, t)
		case models.Running:
			running++
		}
	}
	shortfall := ""
	// A DAEMON service's desired count is one task per instance it may run on, which the
	// daemon scheduler works out itself: only REPLICA services fall short of a number.
	if n := svc.DesiredCount - running - len(waiting); n > 0 && svc.Scheduling != models.Daemon {
		shortfall = l.shortfall(svc, n)
	}
	if len(waiting) == 0 && shortfall == "" {
		return "", 0, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "service %s (desired %d): %d RUNNING", svc.Name, svc.DesiredCount, running)
	if len(waiting) > 0 {
		fmt.Fprintf(&b, ", %d not yet", len(waiting))
	}
	b.WriteString("\n")
	l.writeTasks(&b, s, waiting, now)
	if shortfall != "" {
		fmt.Fprintf(&b, "  %s\n", shortfall)
	}
	return b.String(), len(waiting), shortfall != ""
}

// workloadWaiting returns wl's tasks not yet RUNNING, in launch order: those PENDING, every
// one heard placed, and those waiting in PROVISIONING for an Auto Scaling group provider's
// capacity, which the simulation lists (RunTask on EC2 places a task when it creates it or
// never creates it).
func (l *waitLog) workloadWaiting(s *models.Simulation, wl *models.Workload) []*models.Task {
	var ts []*models.Task
	for t := range l.placed {
		if t.Workload == wl && t.State == models.Pending {
			ts = append(ts, t)
		}
	}
	for _, t := range s.Provisioning() {
		if t.Workload == wl && t.State == models.Provisioning {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *models.Task) int { return cmp.Compare(taskNumber(a.ID), taskNumber(b.ID)) })
	return ts
}

// writeTasks writes one line per task, except that consecutive tasks (by number) waiting for
// the same thing since the same time share a line: 32 tasks waiting for one scale-out read
// better as one.
func (l *waitLog) writeTasks(b *strings.Builder, s *models.Simulation, ts []*models.Task, now sim.Time) {
	for i := 0; i < len(ts); {
		why := l.why(s, ts[i], now)
		j := i + 1
		for j < len(ts) && taskNumber(ts[j].ID) == taskNumber(ts[j-1].ID)+1 && l.why(s, ts[j], now) == why {
			j++
		}
		who := ts[i].ID
		switch {
		case j-i == 2:
			who += ", " + ts[j-1].ID
		case j-i > 2:
			who = fmt.Sprintf("%s to %s (%d tasks)", ts[i].ID, ts[j-1].ID, j-i)
		}
		fmt.Fprintf(b, "  %s %s\n", who, why)
		i = j
	}
}

// taskNumber is N of a task ID NAME-N.
func taskNumber(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
	return n
}

// why says in a line what a task not yet RUNNING waits for at now.
func (l *waitLog) why(s *models.Simulation, t *models.Task, now sim.Time) string {
	if t.State == models.Provisioning {
		since := fmt.Sprintf("PROVISIONING since %v: ", dur(t.CreatedAt))
		if p := t.Provider; p != nil && p.Kind == models.ProviderASG {
			return since + l.capacityWait(p, now)
		}
		return since + l.fargateWait(s, t)
	}
	p := l.placed[t]
	if p == nil { // every placement is heard; this guards against a new path that is not
		return fmt.Sprintf("PENDING on %s", t.Instance.ID)
	}
	if p.in.Fargate() {
		head := fmt.Sprintf("PENDING on Fargate in %s since %v: ", p.in.Zone, dur(p.at))
		switch provisioned := t.ImageReadyAt.Add(-s.Fargate.PullTime(t.Def.Image)); {
		case now < provisioned:
			return head + fmt.Sprintf("provisioning (ENI and micro-VM) until %v", dur(provisioned))
		case now < t.ImageReadyAt:
			return head + fmt.Sprintf("%s, ready at %v", fargatePull(s, t.Def.Image), dur(t.ImageReadyAt))
		}
		return head + fmt.Sprintf("image ready at %v; starting its containers", dur(t.ImageReadyAt))
	}
	head := fmt.Sprintf("PENDING on %s since %v: ", p.in.ID, dur(p.at))
	im := t.Def.Image
	switch {
	case pullFailed(t) && now < t.ImageReadyAt:
		return head + fmt.Sprintf("pulling image %s from %s, which refuses it at %v (CannotPullContainerError): %s",
			im.Name, im.Registry.Name, dur(t.ImageReadyAt), refusal(im))
	case now < t.ImageReadyAt:
		return head + p.imageWait(im, t.ImageReadyAt)
	}
	why := fmt.Sprintf("image ready at %v; starting its containers", dur(t.ImageReadyAt))
	if im == nil || im.Registry == nil {
		why = "no image to pull; starting its containers"
	}
	if t.StartError == models.ErrNoHostPort {
		// Said ahead because the agent found no port when it placed the task; a drawn failure
		// (an essential container exiting) is not foretold.
		why += fmt.Sprintf(", which fails: no dynamic host port is left on %s", p.in.ID)
	}
	return head + why
}

// imageWait says what a task whose image is not yet ready has waited for since it was placed.
func (p *placedTask) imageWait(im *models.Image, ready sim.Time) string {
	switch {
	case !p.cached:
		return fmt.Sprintf("pulling image %s (%d MiB from %s), ready at %v", im.Name, im.SizeMiB, im.Registry.Name, dur(ready))
	case ready == p.cacheReady:
		return fmt.Sprintf("waiting for the pull of %s that %s started at %v, ready at %v", im.Name, p.puller.task, dur(p.puller.at), dur(ready))
	}
	return fmt.Sprintf("image %s is cached; checking the registry, done at %v", im.Name, dur(ready))
}

// capacityWait says what a task waiting for an ASG capacity provider's instances waits on.
func (l *waitLog) capacityWait(p *models.CapacityProvider, now sim.Time) string {
	why := "waiting for capacity from " + p.Name
	if at, ok := l.noCapacity[p]; ok && now.Sub(at) <= models.LaunchRetry {
		return why + fmt.Sprintf("; its Auto Scaling group finds no Spot capacity in any of its pools (InsufficientInstanceCapacity, last at %v) and tries again every %v",
			dur(at), models.LaunchRetry)
	}
	if !p.ManagedScaling.Enabled {
		return why + " (managed scaling is off: only room on the group's instances can take it)"
	}
	var last *scaleOut
	for i := range l.scaleOuts {
		if l.scaleOuts[i].p == p {
			last = &l.scaleOuts[i]
		}
	}
	if last == nil {
		return why + "; no ScaleOut yet (managed scaling reads the CapacityProviderReservation every minute)"
	}
	why += fmt.Sprintf("; ScaleOut at %v launched %s", dur(last.at), instancesCount(last.count))
	if g := p.ASG; len(g.Zones) > 1 || len(g.InstanceTypes) > 1 {
		// The step rule that makes a burst slow on such a group (ECS-REFERENCE §5.3,
		// roadmap#960): worth saying, since raising the step is the planner's remedy.
		why += fmt.Sprintf(" (a group over several zones or instance types grows by minimum_scaling_step_size, %d, per scale-out)",
			p.ManagedScaling.MinStep)
	}
	warmedUp := last.at.Add(p.ManagedScaling.WarmUp)
	switch n := l.launching[p]; {
	case n > 0:
		why += fmt.Sprintf(", %d not yet registered", n)
	case l.groupSize[p] >= p.ASG.MaxSize:
		why += fmt.Sprintf(", and the group is at its max size, %s", instancesCount(p.ASG.MaxSize))
	case now < warmedUp:
		why += fmt.Sprintf(", all registered; the next waits for their warm-up, until %v", dur(warmedUp))
	default:
		why += ", all registered; managed scaling reads the CapacityProviderReservation every minute"
	}
	return why
}

// fargateWait says why a Fargate task is not yet launched: the account's launch rate, every
// zone of its service down, or, on FARGATE_SPOT, out of Spot capacity.
func (l *waitLog) fargateWait(s *models.Simulation, t *models.Task) string {
	zones := t.Zones()
	if len(zones) == 0 {
		zones = s.Cluster.Zones()
	}
	if len(zones) > 0 && !slices.ContainsFunc(zones, func(z string) bool { return l.zonesDown[z] == 0 }) {
		return "waiting for a zone of its subnets to come back: every one is down"
	}
	spotDry := func(z string) bool {
		return l.zonesDown[z] > 0 || l.dry[models.FargateSpotProviderName] > 0 || l.dry[models.FargateSpotProviderName+"/"+z] > 0
	}
	if p := t.Provider; p != nil && p.Kind == models.ProviderFargateSpot && len(zones) > 0 && !slices.ContainsFunc(zones, func(z string) bool { return !spotDry(z) }) {
		return "waiting for FARGATE_SPOT capacity: no zone of its subnets has any (Spot does not fall back to on-demand); it tries again every placement retry"
	}
	f := s.Fargate
	return fmt.Sprintf("waiting for a Fargate launch token (the account launches %g tasks a second after a burst of %d)", f.LaunchRate, f.LaunchBurst)
}

// shortfall says why a service has n fewer tasks than it wants, from its scheduler's last pass.
func (l *waitLog) shortfall(svc *models.Service, n int) string {
	head := fmt.Sprintf("%s of the desired %d not started: ", tasksCount(n), svc.DesiredCount)
	p, ok := l.lastPass[svc]
	f, failed := l.lastFail[svc]
	switch {
	case ok && p.r.ThrottledUntil > 0:
		return head + fmt.Sprintf("the service throttle holds new starts until %v, after tasks failed to start", dur(p.r.ThrottledUntil))
	case ok && p.r.Failed:
		return head + "its deployment failed, so the scheduler starts no new task"
	case failed && (!ok || p.r.Unplaced != nil):
		return fmt.Sprintf("the scheduler could not place %s: at %v %s", tasksCount(n), dur(f.at), f.words())
	case ok && p.r.Active >= p.r.Ceiling:
		return head + fmt.Sprintf("the ceiling (%d of %d tasks, STOPPING ones included) lets no new task start", p.r.Active, p.r.Ceiling)
	}
	return head + "the scheduler starts them at its next pass"
}

// words says a placement failure as ECS does, with how many instances each filter turned down.
func (f failureAt) words() string {
	if f.candidates == 0 {
		return "no container instances were registered"
	}
	var parts []string
	for _, r := range f.rejected {
		parts = append(parts, fmt.Sprintf("%s %s", instancesCount(r.Count), scheduler.Counted(r.Filter, r.Count)))
	}
	return "no container instance met all of its requirements: " + strings.Join(parts, ", ")
}

// pullFailed reports whether t's image pull failed: the agent's CannotPullContainerError.
func pullFailed(t *models.Task) bool {
	return t.StartError != nil && strings.HasPrefix(t.StartError.Error(), "CannotPullContainerError")
}

// refusal says why a registry refused a pull: the only refusal ecssim models is a private
// registry the agent has no credentials for.
func refusal(im *models.Image) string {
	return "the agent has no credentials for it in ECS_ENGINE_AUTH_DATA"
}

// fargatePull says how long a Fargate task's image pull takes: Fargate caches nothing.
func fargatePull(s *models.Simulation, im *models.Image) string {
	if im == nil || s.Fargate.PullMiBps <= 0 {
		return "no image to pull"
	}
	return fmt.Sprintf("pulling image %s (%d MiB at %g MiB/s: %v)", im.Name, im.SizeMiB, s.Fargate.PullMiBps, s.Fargate.PullTime(im))
}

// tasksCount writes "1 task", "3 tasks"; instancesCount likewise.
func tasksCount(n int) string     { return plural(n, "task") }
func instancesCount(n int) string { return plural(n, "instance") }

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

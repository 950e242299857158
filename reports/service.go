package reports

import (
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// serviceStats follows one service: how many of its tasks run and are healthy, where they run,
// how many of its targets are healthy, its deployments, and the time-weighted availability
// measures.
type serviceStats struct {
	svc                 *models.Service
	cost                *ownerCost // its account in Collector.svcCost
	desired, minHealthy int        // in force now: a scale event changes them
	running, healthy    int
	perInstance         maxCounter[*models.Instance]
	perZone             maxCounter[string] // by zone name: Fargate tasks' zones need not be the cluster's

	steady                bool     // reached healthy >= desired at least once
	last                  sim.Time // the time of the latest event: now, once integrate has run
	measured, avail, held float64  // seconds since steady state; seconds meeting each bar
	maxInstance, maxZone  float64
	lowestHealthy         int

	// Resiliency, from the first steady state: ∫ share dt of the largest instance and zone
	// shares, ∫ survival dt of the losses of the worst instance and zone and the lowest
	// survivals held for some time (-1 before any), ∫ max(0, desired − healthy) dt.
	instShareSecs, zoneShareSecs float64
	instSurvSecs, zoneSurvSecs   float64
	worstInstSurv, worstZoneSurv float64
	unserved                     float64

	// Faults: tasks stopped by faults, and recovery episodes (see the package documentation)
	// in the order they opened, of which only the last can be open.
	faultStops int
	episodes   []*episodeStats

	// Shortfall, from the start of the run: tasks placed and not stopping, ∫ max(0, desired −
	// placed) dt up to shortLast, and the largest shortfall held for some time. It keeps its
	// own clock so that the integrals above are split at the same instants whether or not
	// anything is short.
	placed    int
	shortLast sim.Time
	shortSecs float64
	shortMax  int
	// neverPlaced counts the service's tasks that stopped while waiting in PROVISIONING and,
	// once the run is finished, those it still wants and has not placed.
	neverPlaced int

	balanced      bool // the service registers its tasks with target groups
	targets       int  // its targets in state healthy, over all its target groups
	targetSecs    float64
	lowestTargets int // since steady state; -1 before

	started, failedChecks int
	deployments           []*deploymentStats // in the order they started
}

// episodeStats follows one recovery episode: when it opened and closed, the fewest healthy
// tasks while it was open, ∫ min(healthy, desired) dt and ∫ desired dt over it, and the
// service's tasks faults stopped meanwhile (the opening one included).
type episodeStats struct {
	start, end   sim.Time
	closed       bool
	lowest       int
	served, owed float64
	faultStops   int
}

// openEpisode returns the recovery episode open now, or nil.
func (s *serviceStats) openEpisode() *episodeStats {
	if n := len(s.episodes); n > 0 && !s.episodes[n-1].closed {
		return s.episodes[n-1]
	}
	return nil
}

// length returns the episode's length in seconds, an open one's up to end.
func (e *episodeStats) length(end sim.Time) float64 {
	if e.closed {
		end = e.end
	}
	return end.Sub(e.start).Seconds()
}

// deploymentStats follows one deployment from its DeploymentStarted event.
type deploymentStats struct {
	d                 *models.Deployment
	started, finished sim.Time
	ended             bool // completed, failed or superseded
	lowestHealthy     int
}

func newServiceStats(svc *models.Service) *serviceStats {
	s := &serviceStats{
		svc: svc, desired: svc.DesiredCount, minHealthy: svc.MinHealthy(),
		perInstance: newMaxCounter[*models.Instance](), perZone: newMaxCounter[string](),
		lowestHealthy: -1, lowestTargets: -1, worstInstSurv: -1, worstZoneSurv: -1,
		balanced: len(svc.LoadBalancers) > 0,
	}
	s.checkSteady() // a service that wants no tasks is steady from the start
	return s
}

// integrate accrues the time since the service last changed, at the counts (and desired
// count) it had.
func (s *serviceStats) integrate(now sim.Time) {
	if now <= s.last {
		return
	}
	dt := now.Sub(s.last).Seconds()
	s.last = now
	if e := s.openEpisode(); e != nil {
		e.served += dt * float64(min(s.healthy, s.desired))
		e.owed += dt * float64(s.desired)
	}
	if !s.steady {
		return
	}
	s.measured += dt
	if s.healthy >= s.desired {
		s.avail += dt
	}
	if s.healthy >= s.minHealthy {
		s.held += dt
	}
	s.targetSecs += dt * float64(s.targets)
	s.unserved += dt * float64(max(0, s.desired-s.healthy))
	s.instShareSecs += dt * s.shareOf(s.perInstance.max)
	s.zoneShareSecs += dt * s.shareOf(s.perZone.max)
	inst, zone := s.survival(s.perInstance.max), s.survival(s.perZone.max)
	s.instSurvSecs += dt * inst
	s.zoneSurvSecs += dt * zone
	s.worstInstSurv = lowest(s.worstInstSurv, inst)
	s.worstZoneSurv = lowest(s.worstZoneSurv, zone)
}

// accrueShort accrues the shortfall held since it last changed; call it before the placed
// tasks or the desired count change.
func (s *serviceStats) accrueShort(now sim.Time) {
	if now <= s.shortLast {
		return
	}
	short := max(0, s.desired-s.placed)
	s.shortSecs += now.Sub(s.shortLast).Seconds() * float64(short)
	s.shortMax = max(s.shortMax, short)
	s.shortLast = now
}

// shareOf returns the share of the service that n running tasks are, against
// max(running, desired); 0 when both are 0.
func (s *serviceStats) shareOf(n int) float64 {
	den := max(s.running, s.desired)
	if den == 0 {
		return 0
	}
	return float64(n) / float64(den)
}

// survival returns the share of the desired count still running if the instance or zone
// holding most running tasks (most of them) were lost: (running − most) / desired, clamped to
// [0, 1]; 1 for a service that wants no tasks.
func (s *serviceStats) survival(most int) float64 {
	if s.desired <= 0 {
		return 1
	}
	return min(1, max(0, float64(s.running-most)/float64(s.desired)))
}

// lowest returns the smaller of worst and x, or x when worst is -1 (none yet).
func lowest(worst, x float64) float64 {
	if worst < 0 {
		return x
	}
	return min(worst, x)
}

// checkSteady notes the first steady state and the lowest counts since; call it after any
// change of the healthy tasks, the healthy targets or the desired count.
func (s *serviceStats) checkSteady() {
	if !s.steady && s.healthy >= s.desired {
		s.steady = true
	}
	if !s.steady {
		return
	}
	if s.lowestHealthy < 0 || s.healthy < s.lowestHealthy {
		s.lowestHealthy = s.healthy
	}
	if s.lowestTargets < 0 || s.targets < s.lowestTargets {
		s.lowestTargets = s.targets
	}
	if e := s.openEpisode(); e != nil {
		e.lowest = min(e.lowest, s.healthy)
		if s.healthy >= s.desired {
			e.end, e.closed = s.last, true
		}
	}
}

// faultStop counts a task of the service stopped by a fault (after its running and healthy
// counts changed) and opens a recovery episode if the stop leaves the service short of healthy
// tasks, from its first steady state on, and none is open.
func (s *serviceStats) faultStop(now sim.Time) {
	s.faultStops++
	e := s.openEpisode()
	if e == nil && s.steady && s.healthy < s.desired {
		e = &episodeStats{start: now, lowest: s.healthy}
		s.episodes = append(s.episodes, e)
	}
	if e != nil {
		e.faultStops++
	}
}

// setHealthy changes the healthy tasks by delta and the lowest counts they reach.
func (s *serviceStats) setHealthy(delta int) {
	s.healthy += delta
	s.checkSteady()
	if d := s.current(); d != nil {
		d.lowestHealthy = min(d.lowestHealthy, s.healthy)
	}
}

// current returns the deployment in progress, if any: only the newest can be, since a new one
// supersedes any older one still in progress.
func (s *serviceStats) current() *deploymentStats {
	if n := len(s.deployments); n > 0 && !s.deployments[n-1].ended {
		return s.deployments[n-1]
	}
	return nil
}

// setDesired applies a scale event: the desired count and the minimum-healthy floor in force
// from now on.
func (s *serviceStats) setDesired(desired, minHealthy int) {
	s.accrueShort(s.last)
	s.desired, s.minHealthy = desired, minHealthy
	s.checkSteady()
	s.share()
}

// run counts a task of the service starting (+1) or ending (-1) on its instance, and updates
// the largest shares. A stop can raise a share too: after a surge above the desired count, the
// denominator shrinks with it.
func (s *serviceStats) run(t *models.Task, delta int) {
	s.running += delta
	s.perInstance.add(t.Instance, delta)
	s.perZone.add(t.Instance.Zone, delta)
	s.share()
}

// share updates the largest shares with the current counts, against max(running, desired).
func (s *serviceStats) share() {
	s.maxInstance = max(s.maxInstance, s.shareOf(s.perInstance.max))
	s.maxZone = max(s.maxZone, s.shareOf(s.perZone.max))
}

// deploymentStarted starts following d; a deployment still in progress is superseded and
// ends now.
func (s *serviceStats) deploymentStarted(d *models.Deployment, now sim.Time) {
	if old := s.current(); old != nil {
		old.finished, old.ended = now, true
	}
	s.deployments = append(s.deployments, &deploymentStats{d: d, started: now, lowestHealthy: s.healthy})
}

// deploymentEnded ends d (completed or failed) now, unless it already ended.
func (s *serviceStats) deploymentEnded(d *models.Deployment, now sim.Time) {
	for _, ds := range s.deployments {
		if ds.d == d && !ds.ended {
			ds.finished, ds.ended = now, true
		}
	}
}

// maxCounter counts per key and keeps the largest count in O(1) per change, with a histogram
// of how many keys hold each count.
type maxCounter[K comparable] struct {
	counts map[K]int
	hist   []int // hist[n] = keys with count n, for n >= 1
	max    int
}

func newMaxCounter[K comparable]() maxCounter[K] {
	return maxCounter[K]{counts: map[K]int{}, hist: []int{0}}
}

func (m *maxCounter[K]) add(k K, delta int) {
	n := m.counts[k]
	if n > 0 {
		m.hist[n]--
	}
	if delta < 0 && n == m.max && m.hist[n] == 0 {
		m.max--
	}
	n += delta
	if n <= 0 {
		delete(m.counts, k)
		return
	}
	m.counts[k] = n
	for len(m.hist) <= n {
		m.hist = append(m.hist, 0)
	}
	m.hist[n]++
	m.max = max(m.max, n)
}

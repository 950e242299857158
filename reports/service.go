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
	desired, minHealthy int // in force now: a scale event changes them
	running, healthy    int
	perInstance         maxCounter[*models.Instance]
	perZone             maxCounter[string] // by zone name: Fargate tasks' zones need not be the cluster's

	steady                bool // reached healthy >= desired at least once
	last                  sim.Time
	measured, avail, held float64 // seconds since steady state; seconds meeting each bar
	maxInstance, maxZone  float64
	lowestHealthy         int

	balanced      bool // the service registers its tasks with target groups
	targets       int  // its targets in state healthy, over all its target groups
	targetSecs    float64
	lowestTargets int // since steady state; -1 before

	started, failedChecks int
	deployments           []*deploymentStats // in the order they started
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
		lowestHealthy: -1, lowestTargets: -1,
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
	if s.running == 0 && s.desired == 0 {
		return
	}
	den := float64(max(s.running, s.desired))
	s.maxInstance = max(s.maxInstance, float64(s.perInstance.max)/den)
	s.maxZone = max(s.maxZone, float64(s.perZone.max)/den)
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

package reports

import (
	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// serviceStats follows one service: how many of its tasks run and are healthy, where they run,
// and the time-weighted availability measures.
type serviceStats struct {
	svc                 *models.Service
	desired, minHealthy int
	running, healthy    int
	perInstance         maxCounter[*models.Instance]
	perZone             maxCounter[int]

	steady                bool // reached healthy >= desired at least once
	last                  sim.Time
	measured, avail, held float64 // seconds since steady state; seconds meeting each bar
	maxInstance, maxZone  float64
	lowestHealthy         int
}

func newServiceStats(svc *models.Service) *serviceStats {
	s := &serviceStats{
		svc: svc, desired: svc.DesiredCount, minHealthy: svc.MinHealthy(),
		perInstance: newMaxCounter[*models.Instance](), perZone: newMaxCounter[int](),
		lowestHealthy: -1,
	}
	s.checkSteady() // a service that wants no tasks is steady from the start
	return s
}

// integrate accrues the time since the service last changed, at the counts it had.
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
}

func (s *serviceStats) checkSteady() {
	if !s.steady && s.healthy >= s.desired {
		s.steady = true
	}
	if s.steady && (s.lowestHealthy < 0 || s.healthy < s.lowestHealthy) {
		s.lowestHealthy = s.healthy
	}
}

// run counts a task of the service starting (+1) or ending (-1) on its instance, and updates
// the largest shares. A stop can raise a share too: after a surge above the desired count, the
// denominator shrinks with it.
func (s *serviceStats) run(t *models.Task, delta int) {
	s.running += delta
	s.perInstance.add(t.Instance, delta)
	s.perZone.add(t.Instance.ZoneIndex(), delta)
	if s.running == 0 && s.desired == 0 {
		return
	}
	den := float64(max(s.running, s.desired))
	s.maxInstance = max(s.maxInstance, float64(s.perInstance.max)/den)
	s.maxZone = max(s.maxZone, float64(s.perZone.max)/den)
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

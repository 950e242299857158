package kubesched

import (
	"cmp"
	"hash/fnv"
	"math"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// ScaleIn implements models.Placer: the pod a ReplicaSet deletes first when it has more
// replicas than it wants. The ReplicaSet controller ranks each pod by the number of pods of
// its Deployment on the same node (pkg/controller/replicaset/replica_set.go getPodsToDelete,
// getPodsRankedByRelatedPodsOnSameNode) and sorts by ActivePodsWithRanks.Less
// (pkg/controller/controller_utils.go), taking the first:
//
//  1. unassigned before assigned;
//  2. pending before running (phase: Pending < Unknown < Running);
//  3. not ready before ready;
//  4. a lower controller.kubernetes.io/pod-deletion-cost first (ecssim sets none: all 0);
//  5. a higher rank first: pods on nodes crowded with the Deployment's pods go first;
//  6. both ready: the more recently ready first, compared in powers of two of their ages
//     (LogarithmicScaleDown, on by default), equal buckets ordered by UID;
//  7. more container restarts first (ecssim's tasks do not restart: all 0);
//  8. the newer first, by creation time, in the same powers of two, then by UID.
//
// A ready pod's ready time is when its task reached RUNNING (a task is ready when RUNNING
// and healthy). UIDs are random in Kubernetes; here they are a hash of the task ID keyed by a
// draw from the scheduler's stream at construction, so the order is fixed for a seed. Without
// Profile.Now, ages are compared exactly.
func (s *Scheduler) ScaleIn(cands []*models.Task) *models.Task {
	if len(cands) == 0 {
		panic("kubesched: ScaleIn with no candidates")
	}
	var now sim.Time
	if s.prof.Now != nil {
		now = s.prof.Now()
	}
	best := cands[0]
	for _, t := range cands[1:] {
		if s.deleteBefore(t, best, now) {
			best = t
		}
	}
	return best
}

// deleteBefore reports whether a ranks before b in ActivePodsWithRanks.Less.
func (s *Scheduler) deleteBefore(a, b *models.Task, now sim.Time) bool {
	if c := cmp.Or(
		cmp.Compare(boolRank(a.Instance != nil), boolRank(b.Instance != nil)),
		cmp.Compare(phaseRank(a), phaseRank(b)),
		cmp.Compare(boolRank(ready(a)), boolRank(ready(b))),
		-cmp.Compare(podsOnNode(a), podsOnNode(b)),
	); c != 0 {
		return c < 0
	}
	if ready(a) && ready(b) && a.StartedAt != b.StartedAt {
		return s.newerFirst(a, b, a.StartedAt, b.StartedAt, now)
	}
	if a.CreatedAt != b.CreatedAt {
		return s.newerFirst(a, b, a.CreatedAt, b.CreatedAt, now)
	}
	return s.uid(a) < s.uid(b)
}

// newerFirst orders by time, the later first: exactly without a clock, else by
// logarithmicRankDiff's ⌊log2(age)⌋ buckets with UIDs within a bucket.
func (s *Scheduler) newerFirst(a, b *models.Task, ta, tb, now sim.Time) bool {
	if s.prof.Now == nil {
		return ta > tb
	}
	ra, rb := ageBucket(now, ta), ageBucket(now, tb)
	if ra == rb {
		return s.uid(a) < s.uid(b)
	}
	return ra < rb
}

// ageBucket is ⌊log2(now − t in nanoseconds)⌋, −1 for no age (controller_utils.go
// logarithmicRankDiff).
func ageBucket(now, t sim.Time) int64 {
	d := now.Sub(t)
	if d <= 0 {
		return -1
	}
	return int64(math.Log2(float64(d)))
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// phaseRank is the pod phase order of ActivePodsWithRanks: Pending, Unknown, Running.
func phaseRank(t *models.Task) int {
	if t.State == models.Running {
		return 2
	}
	return 0
}

func ready(t *models.Task) bool { return t.State == models.Running && t.Healthy }

// podsOnNode is the task's rank: the active tasks of its group on its instance.
func podsOnNode(t *models.Task) int {
	if t.Instance == nil {
		return 0
	}
	return t.Instance.GroupCount(t.Group)
}

// uid is the task's stand-in UID.
func (s *Scheduler) uid(t *models.Task) uint64 {
	h := fnv.New64a()
	h.Write([]byte(t.ID))
	return sim.SplitMix64(s.uidKey ^ h.Sum64())
}

package scheduler

import (
	"math/rand/v2"

	"github.com/ecssim/ecssim/models"
)

// Strategy ranks the instances that passed the filters. Lower scores are better, matching how
// ECS words its strategies: binpack prefers the least remaining resource, spread the fewest
// tasks. Scores are compared exactly, so a strategy must give equal scores exactly when it
// ranks instances equal: ECS's are whole numbers held in float64; ecssim's own compute theirs
// from whole numbers where their definitions allow (each says how).
type Strategy interface {
	// Name is the strategy with its field as ECS writes it, e.g. "binpack(memory)".
	Name() string
	// Score writes the score of cands[i] into dst[i]; len(dst) == len(cands). It must not
	// depend on the order of cands and must not change anything.
	Score(r *Request, cands []*models.Instance, dst []float64)
}

// Chooser is a strategy that picks the winner among the candidates left tied by the strategies
// before it, instead of scoring them (random). Strategies after a Chooser never matter.
type Chooser interface {
	Strategy
	// Choose returns one of the survivors, which are never empty. pool is every registered
	// instance in registration order. The same seed and the same cluster must give the same
	// choice whichever way the caller found the survivors.
	Choose(pool []*models.Instance, survivors Survivors, rng *rand.Rand) *models.Instance
}

// Survivors is the set of candidates a Chooser picks from. The fast path describes the set by
// a rule and the scan by a list; a Chooser sees the same set either way.
type Survivors interface {
	Has(in *models.Instance) bool
	// Members returns the members in registration order with complete = true if there are at
	// most limit of them (limit < 0: no limit); otherwise it returns complete = false and an
	// unspecified list.
	Members(limit int) (list []*models.Instance, complete bool)
}

// deviceChooser is a strategy that also chooses which GPU a task's share of one GPU takes on
// the instance the chain chose, as the FGD artifact's policies choose the device beside the
// node (hkust-adsl/kubernetes-scheduler-simulator, open_gpu_share.go: FGD by its measure,
// Random at random). The first deviceChooser of the chain decides; without one, the share goes
// where models puts it, the device it fits most tightly (the artifact's "best" selection,
// which its other policies use). ecssim's extension: ECS has no GPU sharing.
type deviceChooser interface {
	Strategy
	// chooseDevice returns the device of in that r's share takes, or -1 to leave it to models.
	// It is asked only for a share of one GPU that fits in, once per placement, after the
	// winner is known; it may draw from rng.
	chooseDevice(r *Request, in *models.Instance, rng *rand.Rand) int
}

// ScaleInScorer is a strategy with a scale-in rule: which of a service's tasks to stop first
// when the service has more tasks than it wants (DG/task-placement-strategies, ECS-REFERENCE
// §1.2, column "Scale-in"). Pipeline.ScaleIn chains scale-in scores the way placement chains
// placement scores, except that higher is better: the first strategy keeps the tasks with the
// highest score, each later one breaks only the exact ties. A strategy that is neither a
// ScaleInScorer nor a Chooser has no scale-in rule and leaves the ties as they are.
type ScaleInScorer interface {
	Strategy
	// ScaleInScore writes the score of tasks[i] into dst[i]; len(dst) == len(tasks). The tasks
	// are active, placed (Instance set) and of r's group; r has no Task, Def or Need, so a
	// scorer reads each task's own Def. Like Score, it must not depend on the order of tasks and
	// must not change anything.
	ScaleInScore(r *Request, tasks []*models.Task, dst []float64)
}

// indexWalker is a strategy that finds its winners by walking the capacity Index in its own
// order rather than by scoring every feasible instance: binpack walks a free-resource order up
// from the task's need, spread searches the domains with the fewest of the group's tasks first.
// The fast path asks each strategy of the chain whether it is one; a strategy that is not (nor
// a Chooser) has the feasible instances listed and scored as the scan does, so implementing it
// only ever makes placement faster, never different.
type indexWalker interface {
	Strategy
	// walk returns the winner of chain, whose first item is the receiver, among the instances
	// f admits: the instance the scan would choose, with the same random draws in the same
	// order. It hands the rest of the chain back to f (search, settle) for the instances it
	// leaves tied.
	walk(f *fastSearch, chain []Strategy) *models.Instance
	// keep asks ix to keep, in scope sc, the orders walk reads; the rank order is always kept.
	keep(ix *Index, sc scope)
	// leadsByZone reports whether, leading a chain, the strategy searches a group of zones at
	// a time (spread over zones: walkZones), so that the index keeps its orders per zone;
	// otherwise every zone is searched at once.
	leadsByZone() bool
}

// rankTies is a strategy whose ties, when it ends a chain, go to the tied instance of lowest
// rank (Instance.Rank: a random permutation of the fleet fixed for the run under TieRandom,
// the registration order under TieOldest) rather than to the cluster's tie-break. It is the
// FGD artifact's rule (hkust-adsl/kubernetes-scheduler-simulator runs kube-scheduler from
// the fork github.com/mental2008/kubernetes v1.20.5-minor, whose genericScheduler.selectHost
// gives equal scores to the node of smallest name, "for reproducibility"; and simulator.go,
// syncClusterResourceList, prefixes each node's name with its place in rand.Perm of the
// nodes, drawn once per seed): the baselines and FGD it defines break ties so, not by a
// fresh draw per placement.
type rankTies interface {
	Strategy
	ranksTies() bool
}

// fewTies is a strategy whose ties, when it ends a chain, are few: the instances at one exact
// free amount in an index order, such as binpack's. The tie-break then draws from the tie set,
// which the index counts (drawSet); after any other chain it samples the pool (pickUniform).
type fewTies interface {
	Strategy
	// tieOrder is the index order whose value the strategy's ties share.
	tieOrder() order
}

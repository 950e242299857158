package kubesched

import (
	"errors"
	"fmt"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// ScoringStrategy is NodeResourcesFitArgs.scoringStrategy.type: how NodeResourcesFit scores
// a node's requested resources against its allocatable ones.
type ScoringStrategy uint8

// Scoring strategies (apis/config/types_pluginargs.go ScoringStrategyType). LeastAllocated is
// the default (apis/config/v1/defaults.go SetDefaults_NodeResourcesFitArgs).
const (
	LeastAllocated ScoringStrategy = iota
	MostAllocated
	RequestedToCapacityRatio
)

func (s ScoringStrategy) String() string {
	switch s {
	case LeastAllocated:
		return "LeastAllocated"
	case MostAllocated:
		return "MostAllocated"
	case RequestedToCapacityRatio:
		return "RequestedToCapacityRatio"
	}
	return fmt.Sprintf("ScoringStrategy(%d)", uint8(s))
}

// ShapePoint is one point of RequestedToCapacityRatio's shape (UtilizationShapePoint): at
// Utilization percent (0–100) the score is Score, 0–10 (MaxCustomPriorityScore), which the
// plugin scales by 10 to the 0–100 of MaxNodeScore.
type ShapePoint struct {
	Utilization int64
	Score       int64
}

// TieBreak is how the scheduler picks among the nodes with the highest total score.
type TieBreak uint8

// Tie-break rules.
const (
	// TieRandom draws uniformly among the tied nodes from the scheduler's random stream, as
	// v1.35.4's selectHost does: reservoir sampling over the nodes of the highest score
	// (schedule_one.go, cntOfMaxScore and rand.Intn).
	TieRandom TieBreak = iota
	// TieFirstFound takes the first tied node in the order the search found them. It is not
	// Kubernetes' rule: a deterministic alternative, for comparing against placements that
	// ignore ties.
	TieFirstFound
)

// Profile configures a Scheduler: the parts of KubeSchedulerConfiguration ecssim lets a
// scenario change. The zero Profile is the default profile.
type Profile struct {
	// Scoring is NodeResourcesFit's strategy, over cpu and memory with weight 1 each
	// (defaults.go defaultResourceSpec).
	Scoring ScoringStrategy
	// Shape is RequestedToCapacityRatio's shape, points in increasing utilization; required
	// with that strategy and unused otherwise.
	Shape []ShapePoint
	// PercentageOfNodesToScore is percentageOfNodesToScore, 0–100; 0 means adaptive
	// (apis/config/types.go DefaultPercentageOfNodesToScore).
	PercentageOfNodesToScore int32
	// MaxPods is a node's pod capacity (Node.status.allocatable.pods), 0 for no limit; nil
	// means no limit on any node. An EKS run passes the VPC CNI's max pods.
	MaxPods func(*models.Instance) int
	// Now is the simulated time, nil if the caller has none: ImageLocality then counts an
	// image still being pulled as present, and ScaleIn compares ages exactly rather than in
	// LogarithmicScaleDown's powers of two.
	Now func() sim.Time
	// Ties is the tie-break; the zero value draws at random.
	Ties TieBreak
	// DownZones, when set, lists the zones in an outage. Their nodes are lost to ecssim, but
	// to Kubernetes they stay, NotReady and tainted unreachable, so each zone stays a domain of
	// PodTopologySpread's filter (nodeTaintsPolicy Ignore) with no pod to count once the pods
	// there are evicted.
	DownZones func() []string
}

// Validate reports what is wrong with p, all problems together.
func (p Profile) Validate() error {
	var errs []error
	if p.Scoring > RequestedToCapacityRatio {
		errs = append(errs, fmt.Errorf("unknown scoring strategy %v", p.Scoring))
	}
	if p.Scoring == RequestedToCapacityRatio {
		errs = append(errs, validateShape(p.Shape))
	}
	if p.PercentageOfNodesToScore < 0 || p.PercentageOfNodesToScore > 100 {
		errs = append(errs, fmt.Errorf("percentageOfNodesToScore %d is not in 0–100", p.PercentageOfNodesToScore))
	}
	if p.Ties > TieFirstFound {
		errs = append(errs, fmt.Errorf("unknown tie-break %d", p.Ties))
	}
	return errors.Join(errs...)
}

// validateShape checks a shape as validation_pluginargs.go validateFunctionShape does: at
// least one point, utilizations 0–100 strictly increasing, scores 0–10.
func validateShape(shape []ShapePoint) error {
	if len(shape) == 0 {
		return errors.New("requestedToCapacityRatio needs at least one shape point")
	}
	for i, p := range shape {
		if p.Utilization < 0 || p.Utilization > maxUtilization {
			return fmt.Errorf("shape point %d: utilization %d is not in 0–100", i, p.Utilization)
		}
		if p.Score < 0 || p.Score > maxCustomPriorityScore {
			return fmt.Errorf("shape point %d: score %d is not in 0–10", i, p.Score)
		}
		if i > 0 && p.Utilization <= shape[i-1].Utilization {
			return fmt.Errorf("shape point %d: utilization %d does not increase", i, p.Utilization)
		}
	}
	return nil
}

// maxPods returns in's pod capacity, 0 for none.
func (p *Profile) maxPods(in *models.Instance) int {
	if p.MaxPods == nil {
		return 0
	}
	return p.MaxPods(in)
}

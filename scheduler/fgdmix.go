package scheduler

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ecssim/ecssim/models"
)

// sizeKey is what FGD's task sizes merge by.
type sizeKey struct {
	cpu   int64 // CPU units
	per   int64 // GPU thousandths per device, 0 for none
	count int   // devices
	cons  string
}

// fgdEntry is one task size of FGD's workload M.
type fgdEntry struct {
	sizeKey
	exprs []*Expr // the size's memberOf constraints (a trace's GPU models), all must hold
	w     float64 // how many tasks of the scenario are this size
	rank  int     // cpu's place among M's distinct CPU requests (fgdModel.levels)
}

// typicalSizes builds M from a task mix as the artifact's GetTypicalPods does (analysis.go;
// isInvolvedCpuPods true, podPopularityThreshold 95, each task counting 1): sizes merged by
// (CPU, GPU per device, GPU count, GPU model constraint), sorted by count, most first (equal
// counts by CPU, per-device GPU, count and constraint, each descending), and kept until they
// cover at least 95% of the tasks, the size that crosses 95% included. It returns them with
// the kept tasks' count, by which p_m = w/total.
func typicalSizes(mix []models.MixEntry) ([]fgdEntry, float64) {
	at := map[sizeKey]int{}
	var out []fgdEntry
	all := 0.0
	for _, e := range mix {
		if e.Count <= 0 {
			continue
		}
		c := e.Def.Charge()
		per, count := gpuShape(c)
		k := sizeKey{cpu: c.CPU, per: per, count: count, cons: constraintKey(e.Def)}
		if i, ok := at[k]; ok {
			out[i].w += e.Count
		} else {
			at[k] = len(out)
			out = append(out, fgdEntry{sizeKey: k, w: e.Count})
		}
		all += e.Count
	}
	slices.SortStableFunc(out, func(a, b fgdEntry) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(b.cpu, a.cpu), cmp.Compare(b.per, a.per),
			cmp.Compare(b.count, a.count), strings.Compare(b.cons, a.cons))
	})
	kept := 0.0
	for i := range out {
		if kept += out[i].w; kept >= 0.95*all {
			out = out[:i+1]
			break
		}
	}
	for i := range out {
		out[i].exprs = parseConstraintKey(out[i].cons)
	}
	return out, kept
}

// constraintKey writes a definition's memberOf constraints as one string, the expressions
// sorted, so that sizes with the same GPU models merge.
func constraintKey(d *models.TaskDefinition) string {
	var es []string
	for _, c := range d.PlacementConstraints {
		if c.Type == MemberOf {
			es = append(es, c.Expression)
		}
	}
	slices.Sort(es)
	return strings.Join(es, "\x00")
}

// parseConstraintKey compiles constraintKey's expressions. A definition's constraints were
// checked when the scenario was, so a bad one here is a bug.
func parseConstraintKey(k string) []*Expr {
	if k == "" {
		return nil
	}
	var out []*Expr
	for _, s := range strings.Split(k, "\x00") {
		e, err := ParseExpression(s)
		if err != nil {
			panic(fmt.Sprintf("scheduler: fgd: task mix constraint %q: %v", s, err))
		}
		out = append(out, e)
	}
	return out
}

package ecsjson

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// resolve connects what the files hold: it numbers each family's revisions from 1 as the
// scenario registers them, points services at their task definitions and capacity providers,
// and gives the instances of an imported capacity provider to its Auto Scaling group.
func (im *importer) resolve() {
	im.numberRevisions()
	im.registeredNotes()
	im.declareTypes()
	providers := map[string]*impProvider{}
	for _, p := range im.providers {
		if old, ok := providers[p.name]; ok {
			pos := old.at.problem("").Pos
			im.bad(p.at, "capacity provider %s is given twice (also at %s:%d:%d)", p.name, old.at.file.file, pos.Line, pos.Col)
			continue
		}
		providers[p.name] = p
	}
	for _, s := range im.services {
		if s.taskDef != "" {
			s.def = im.findTaskDef(s)
		}
		for _, it := range s.cps {
			if _, ok := providers[it.provider]; !ok && !models.BuiltinProvider(it.provider) {
				im.bad(it.at, "capacity provider %s is in none of the files: import the output of aws ecs describe-capacity-providers --capacity-providers %s too", it.provider, it.provider)
			}
		}
	}
	var groups []*impInstance
	for _, in := range im.instances {
		if p, ok := providers[in.provider]; ok {
			p.instances = append(p.instances, in)
			continue
		}
		if in.provider != "" {
			im.note("instances of capacity provider %s are imported as an instance group: the files do not describe the provider", in.provider)
		}
		groups = append(groups, in)
	}
	im.instances = groups
	if im.region == "" {
		for _, in := range append(slices.Clone(groups), im.providerInstances()...) {
			if len(in.zone) > 1 && scenarios.ValidRegion(in.zone[:len(in.zone)-1]) {
				im.region = in.zone[:len(in.zone)-1]
				break
			}
		}
	}
}

func (im *importer) providerInstances() []*impInstance {
	var out []*impInstance
	for _, p := range im.providers {
		out = append(out, p.instances...)
	}
	return out
}

// numberRevisions orders each family's task definitions by revision (those without one,
// register-task-definition input, last) and numbers them from 1, as the scenario registers
// them; a family of one revision is named by its family alone.
func (im *importer) numberRevisions() {
	var families []string
	byFamily := map[string][]*impTaskDef{}
	for _, td := range im.taskDefs {
		if td.family == "" {
			continue
		}
		if _, ok := byFamily[td.family]; !ok {
			families = append(families, td.family)
		}
		byFamily[td.family] = append(byFamily[td.family], td)
	}
	var ordered []*impTaskDef
	for _, fam := range families {
		revs := byFamily[fam]
		slices.SortStableFunc(revs, func(a, b *impTaskDef) int { return cmp.Compare(revOrder(a), revOrder(b)) })
		for i, td := range revs {
			if i > 0 && td.revision > 0 && td.revision == revs[i-1].revision {
				im.bad(td.at, "task definition %s:%d is given twice", fam, td.revision)
			}
			td.scenarioRev = i + 1
			td.scenarioRef = fam
			if len(revs) > 1 {
				td.scenarioRef = fmt.Sprintf("%s:%d", fam, td.scenarioRev)
				if td.revision > 0 && td.revision != int64(td.scenarioRev) {
					im.note("task definition %s:%d is %s in the scenario, which numbers revisions from 1", fam, td.revision, td.scenarioRef)
				}
			}
			ordered = append(ordered, td)
		}
	}
	im.taskDefs = ordered
}

func revOrder(td *impTaskDef) int64 {
	if td.revision == 0 {
		return math.MaxInt64
	}
	return td.revision
}

// findTaskDef finds the task definition a service names, by ARN, family:revision or family.
func (im *importer) findTaskDef(s *impService) *impTaskDef {
	family, rev := parseTaskDefRef(s.taskDef)
	var cands []*impTaskDef
	for _, td := range im.taskDefs {
		if td.family == family {
			cands = append(cands, td)
		}
	}
	switch {
	case rev < 0:
		im.bad(s.taskDefAt, "want a task definition ARN, family:revision or family, got %q", s.taskDef)
		return nil
	case len(cands) == 0:
		im.bad(s.taskDefAt, "service %s runs task definition %s, which none of the files gives: import the output of aws ecs describe-task-definition --task-definition %s too",
			s.name, s.taskDef, s.taskDef)
		return nil
	case rev == 0:
		return cands[len(cands)-1]
	}
	for _, td := range cands {
		if td.revision == rev {
			return td
		}
	}
	if len(cands) == 1 && cands[0].revision == 0 {
		return cands[0] // register-task-definition input, which has no revision yet
	}
	im.bad(s.taskDefAt, "service %s runs %s:%d, but the files give other revisions of %s only", s.name, family, rev, family)
	return nil
}

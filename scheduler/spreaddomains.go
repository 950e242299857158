package scheduler

import (
	"cmp"
	"slices"

	"github.com/ecssim/ecssim/models"
)

// Spread over an attribute on the fast path. Its domains are the attribute's values among the
// registered instances, and one more for the instances that lack it; an instance scores its
// domain's count of the group's active tasks. walkDomains searches the domains a level at a
// time, the fewest tasks first, narrowing the search to a level's domains with a filter the
// fast path's accept applies, so a placement costs the sort of the few domains and the rest of
// the chain's search, not a count over every instance of the group.

// attrDomains counts the registered instances per value of one attribute, and those lacking
// it: the domains a spread can choose, kept current as instances register and leave.
type attrDomains struct {
	instances map[string]int
	missing   int
}

// groupDomains is one group's active tasks per value of one attribute, and on instances
// lacking it, as SpreadStrategy.domainCounts sums them (Fargate micro-VMs included).
type groupDomains struct {
	counts  map[string]int
	missing int
}

type groupAttr struct {
	g    *models.Group
	attr string
}

func (a *attrDomains) add(in *models.Instance, attr string, d int) {
	if v, ok := in.Attribute(attr); ok {
		a.instances[v] += d
		if a.instances[v] == 0 {
			delete(a.instances, v)
		}
	} else {
		a.missing += d
	}
}

func (gd *groupDomains) add(in *models.Instance, attr string, d int) {
	if v, ok := in.Attribute(attr); ok {
		gd.counts[v] += d
	} else {
		gd.missing += d
	}
}

// InstanceAdded implements models.CapacityWatcher.
func (l *levels) InstanceAdded(in *models.Instance) {
	for attr, a := range l.attrs {
		a.add(in, attr, 1)
	}
}

// InstanceChanged implements models.CapacityWatcher: attributes do not change.
func (l *levels) InstanceChanged(*models.Instance) {}

// InstanceRemoved implements models.CapacityWatcher.
func (l *levels) InstanceRemoved(in *models.Instance) {
	for attr, a := range l.attrs {
		a.add(in, attr, -1)
	}
}

// attrOf returns the domains of attr, counting them on first use.
func (l *levels) attrOf(attr string) *attrDomains {
	a := l.attrs[attr]
	if a == nil {
		a = &attrDomains{instances: map[string]int{}}
		for _, in := range l.c.Instances() {
			a.add(in, attr, 1)
		}
		l.attrs[attr] = a
	}
	return a
}

// groupAttrOf returns g's counts per domain of attr, counting them on first use; nil for a
// group without tasks.
func (l *levels) groupAttrOf(g *models.Group, attr string) *groupDomains {
	if g == nil {
		return nil
	}
	k := groupAttr{g, attr}
	gd := l.byAttr[k]
	if gd == nil {
		gd = &groupDomains{counts: map[string]int{}}
		for _, in := range g.Instances() {
			gd.add(in, attr, in.GroupCount(g.Name))
		}
		l.byAttr[k] = gd
		l.attrsOf[g] = append(l.attrsOf[g], attr)
	}
	return gd
}

// domain is a domain of a walk: a value, or the instances lacking the attribute, and its count.
type domain struct {
	value   string
	missing bool
	count   int
}

// domainFilter narrows the fast path's search to one level of a walk's domains: the instances
// whose domain's level is level.
type domainFilter struct {
	attr         string
	level        map[string]int
	missingLevel int
	at           int
}

func (d *domainFilter) ok(in *models.Instance) bool {
	if v, ok := in.Attribute(d.attr); ok {
		at, ok := d.level[v]
		return ok && at == d.at
	}
	return d.missingLevel == d.at
}

// walkDomains searches the rest of the chain among the instances of the domains with the
// fewest of the group's tasks, then the next fewest, until a level holds a feasible instance.
func (s SpreadStrategy) walkDomains(f *fastSearch, chain []Strategy) *models.Instance {
	ds := s.domains(f)
	depth := len(f.domains)
	if depth < cap(f.domains) {
		f.domains = f.domains[:depth+1] // a filter of an earlier placement, reused with its map
	} else {
		f.domains = append(f.domains, domainFilter{})
	}
	df := &f.domains[depth]
	if df.level == nil { // new, or a slot append made beyond the one it filled
		df.level = map[string]int{}
	}
	df.attr, df.missingLevel = s.Attribute, -1
	clear(df.level)
	levels := 0
	for i, d := range ds {
		if i > 0 && d.count != ds[i-1].count {
			levels++
		}
		if d.missing {
			df.missingLevel = levels
		} else {
			df.level[d.value] = levels
		}
	}
	var in *models.Instance
	for at := 0; at <= levels && len(ds) > 0 && in == nil; at++ { // len(ds) is this call's
		f.domains[depth].at = at
		in = f.search(chain[1:])
		f.tie.valid = false // the admitted set changes with the level
	}
	f.domains = f.domains[:depth]
	return in
}

// domains lists the attribute's domains that hold a registered instance, by count then value,
// in the walk's scratch (a level's filter keeps its map, reused by the next placement).
func (s SpreadStrategy) domains(f *fastSearch) []domain {
	l := f.p.levels
	a := l.attrOf(s.Attribute)
	var gd *groupDomains
	if !s.byZone() {
		gd = l.groupAttrOf(f.r.Group, s.Attribute)
	}
	zones := f.p.cluster.Zones()
	count := func(v string) int {
		switch {
		case s.byZone() && f.r.Group != nil: // as Score counts zones: the group's tasks per zone
			return f.r.Group.ZoneCount(slices.Index(zones, v))
		case gd == nil:
			return 0
		}
		return gd.counts[v]
	}
	ds := f.domainList[:0]
	for v := range a.instances {
		ds = append(ds, domain{value: v, count: count(v)})
	}
	if a.missing > 0 {
		d := domain{missing: true}
		if gd != nil {
			d.count = gd.missing
		}
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(x, y domain) int { return cmp.Or(cmp.Compare(x.count, y.count), cmp.Compare(x.value, y.value)) })
	f.domainList = ds
	return ds
}

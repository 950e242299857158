package ecsjson

import (
	"strings"

	"github.com/ecssim/ecssim/scenarios"
)

// impService is a service as read from describe-services (or create-service's input).
type impService struct {
	at                     ref
	name                   string
	taskDef                string
	taskDefAt              ref
	def                    *impTaskDef
	desired                int64
	launchType, scheduling string
	cps                    []impCPItem
	strategy               []impStrategy
	constraints            []impConstraint
	minHealthy, maxPercent int64 // -1 when unset
	cb                     *impBreaker
	lbs                    []impLB
	grace                  int64 // -1 when unset
	azRebalancing          string
	existing               bool // describe-services output (it has a serviceArn), not create-service's input
	src                    map[string]ref
}

type impCPItem struct {
	provider     string
	base, weight int64
	at           ref
}

type impStrategy struct {
	typ, field string
	at         ref
}

type impBreaker struct {
	enable, rollback bool
	at               ref
}

type impLB struct {
	targetGroup, container string
	port                   int64
	at                     ref
}

// service reads one service of describe-services or the input of create-service.
func (fr *fileReader) service(n *jnode, path string) {
	if n.kind != jObject {
		fr.im.bad(fr.at(n, path), "want a service object, got %s", n.kind)
		return
	}
	o := fr.object(n, path)
	s := &impService{at: fr.at(n, path), minHealthy: -1, maxPercent: -1, grace: -1, src: map[string]ref{}}
	if v, r, ok := o.str("serviceName"); ok {
		s.name, s.src["name"] = v, r
	}
	if v, r, ok := o.str("taskDefinition"); ok {
		s.taskDef, s.taskDefAt, s.src["task_definition"] = v, r, r
	} else if r == (ref{}) {
		fr.im.bad(s.at, "a service needs a taskDefinition")
	}
	if v, r, ok := o.str("schedulingStrategy"); ok {
		s.scheduling, s.src["scheduling_strategy"] = v, r
	}
	if v, r, ok := o.integer("desiredCount"); ok {
		s.desired, s.src["desired_count"] = v, r
		if s.scheduling == "DAEMON" { // ECS reports how many it runs; ecssim runs one per instance
			fr.identity = append(fr.identity, o.sub("desiredCount"))
		}
	}
	if v, r, ok := o.str("launchType"); ok {
		s.launchType, s.src["launch_type"] = v, r
	}
	fr.servicePlacement(o, s)
	fr.serviceDeployment(o, s)
	fr.serviceLoadBalancers(o, s)
	if v, r, ok := o.count("healthCheckGracePeriodSeconds"); ok {
		s.grace, s.src["health_check_grace_period_seconds"] = v, r
	}
	if v, r, ok := o.str("availabilityZoneRebalancing"); ok {
		s.azRebalancing, s.src["availability_zone_rebalancing"] = v, r
	}
	fr.serviceContext(o, s)
	o.identity("status", "runningCount", "pendingCount", "createdAt", "createdBy", "events", "deployments",
		"roleArn", "role", "clientToken")
	o.rest()
	fr.im.services = append(fr.im.services, s)
}

// serviceContext reads what places a service rather than shapes it: its deployment
// controller (ecssim runs the ECS rolling update), its cluster, and its ARN, whose presence
// says the service exists already and whose region the scenario takes.
func (fr *fileReader) serviceContext(o *obj, s *impService) {
	if dcn := o.child("deploymentController"); dcn != nil {
		if typ, _, _ := dcn.str("type"); typ == "ECS" {
			fr.identity = append(fr.identity, dcn.path) // the rolling update ecssim runs
		} else {
			fr.notModelled = append(fr.notModelled, dcn.path+" (ecssim runs the ECS rolling update)")
		}
		dcn.used["type"] = true
		dcn.rest()
	}
	for _, k := range []string{"clusterArn", "cluster"} {
		if v, _, ok := o.str(k); ok {
			fr.im.clusterFrom(v[strings.LastIndex(v, "/")+1:], v)
		}
	}
	fr.identity = append(fr.identity, presentKeys(o, "clusterArn", "cluster")...)
	if arn, _, ok := o.str("serviceArn"); ok {
		fr.im.regionFromARN(arn)
		s.existing = true
	}
	fr.identity = append(fr.identity, presentKeys(o, "serviceArn")...)
}

// servicePlacement reads a service's capacity provider strategy, placement strategy and
// placement constraints.
func (fr *fileReader) servicePlacement(o *obj, s *impService) {
	for _, it := range o.objects("capacityProviderStrategy", "capacityProvider") {
		item := impCPItem{at: fr.at(it.n, it.path)}
		item.provider, _, _ = it.str("capacityProvider")
		item.base, _, _ = it.integer("base")
		item.weight, _, _ = it.integer("weight")
		it.rest()
		s.cps = append(s.cps, item)
	}
	for _, it := range o.objects("placementStrategy") {
		st := impStrategy{at: fr.at(it.n, it.path)}
		st.typ, _, _ = it.str("type")
		st.field, _, _ = it.str("field")
		it.rest()
		s.strategy = append(s.strategy, st)
	}
	s.constraints = fr.constraints(o, "placementConstraints")
}

// serviceDeployment reads a service's deployment configuration and its circuit breaker.
func (fr *fileReader) serviceDeployment(o *obj, s *impService) {
	if dc := o.child("deploymentConfiguration"); dc != nil {
		s.src["deployment_configuration"] = fr.at(dc.n, dc.path)
		if v, r, ok := dc.integer("minimumHealthyPercent"); ok {
			s.minHealthy, s.src["deployment_configuration.minimum_healthy_percent"] = v, r
		}
		if v, r, ok := dc.integer("maximumPercent"); ok {
			s.maxPercent, s.src["deployment_configuration.maximum_percent"] = v, r
		}
		if cb := dc.child("deploymentCircuitBreaker"); cb != nil {
			s.cb = &impBreaker{at: fr.at(cb.n, cb.path)}
			s.cb.enable, _, _ = cb.boolean("enable")
			s.cb.rollback, _, _ = cb.boolean("rollback")
			cb.rest()
		}
		dc.rest()
	}
}

// serviceLoadBalancers reads a service's ALB target groups; a Classic Load Balancer is named
// as not modelled.
func (fr *fileReader) serviceLoadBalancers(o *obj, s *impService) {
	for _, it := range o.objects("loadBalancers", "containerName") {
		lb := impLB{at: fr.at(it.n, it.path)}
		arn, _, _ := it.str("targetGroupArn")
		lb.container, _, _ = it.str("containerName")
		lb.port, _, _ = it.integer("containerPort")
		if arn == "" {
			fr.notModelled = append(fr.notModelled, it.path+" (a Classic Load Balancer: ecssim models ALB target groups)")
			continue
		}
		lb.targetGroup = targetGroupName(arn)
		it.rest()
		s.lbs = append(s.lbs, lb)
	}
}

// targetGroupName is the name in a target group's ARN
// (arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID).
func targetGroupName(arn string) string {
	if _, rest, ok := strings.Cut(arn, ":targetgroup/"); ok {
		name, _, _ := strings.Cut(rest, "/")
		return name
	}
	return arn
}

// clusterFrom takes the scenario's cluster name from the first resource that names one.
func (im *importer) clusterFrom(name, arn string) {
	im.regionFromARN(arn)
	switch {
	case name == "" || !scenarios.ValidName(name):
	case im.cluster == "":
		im.cluster = name
	case im.cluster != name:
		im.note("the files name clusters %s and %s; the scenario is one cluster, %s", im.cluster, name, im.cluster)
	}
}

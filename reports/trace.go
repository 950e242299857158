package reports

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/sim"
)

// TraceWriter is a models.Observer that writes every event as one line of JSON (SPEC §5), in
// simulation order, as the run goes. Keys come in a fixed order, so the same scenario and seed
// give a byte-identical trace. Every event about a task carries task (when it has an ID),
// task_definition and service or group; every event about an EC2 instance carries instance and
// zone. A Fargate task's synthetic instance is no instance of the cluster: its events carry
// zone, "launch_type":"FARGATE" and capacity_provider (FARGATE or FARGATE_SPOT, when the task
// has one) instead. Then, by kind:
//   - InstanceRegistered: instance_type, market, cluster, and capacity_provider for an
//     instance an ASG capacity provider launched; last, launched (seconds) for an instance
//     that launched, and so began to be billed, before it registered; InstanceTerminated:
//     reason, when given;
//   - InstanceLaunched: capacity_provider (the instance has no ID until it registers);
//     InstanceLaunchFailed: capacity_provider, reason (InsufficientInstanceCapacity) and count
//     (the launches that found no capacity in any pool);
//   - CapacityShortageStarted, CapacityShortageEnded: pool ("m5.large/us-east-1a",
//     "FARGATE_SPOT/us-east-1a", or "FARGATE_SPOT" for every zone);
//   - ScaleOut, ScaleIn: capacity_provider, metric (the CapacityProviderReservation that drove
//     them, a JSON number in the shortest form that reads back exactly: 200,
//     133.33333333333334) and count (instances launched or terminated); in an EKS run,
//     whose node groups the Cluster Autoscaler scales, metric is a ScaleOut's pending pods and
//     a ScaleIn's node utilization (the larger share of CPU and memory requested);
//   - SpotInterruptionNotice: the instance's fields (EC2 Spot) or the task's (FARGATE_SPOT);
//   - TaskPlaced: host_port or host_ports; on Fargate, pull_started (seconds: when the task's
//     micro-VM was provisioned and its image pull, and its bill, began); PlacementFailed:
//     reasons and closest_instance;
//   - TaskStopping, TaskStopped: reason, "scheduled":true when the service scheduler chose
//     to stop the task, and "fault":true when a fault (lost capacity) stopped it;
//     TaskUnhealthy: reason;
//   - InstanceTerminated: "fault":true (after reason) when the instance was lost to a fault;
//   - ZoneOutageStarted, ZoneOutageEnded: zone; AgentDisconnected, AgentReconnected: the
//     instance's fields (instance and zone);
//   - Target*: target_group, target ("i-0001:32768") and target_state (after the event);
//   - Deployment*: deployment, task_definition (the deployment's), rollout_state (after the
//     event), "rollback":true for a circuit-breaker rollback, and reason for DeploymentFailed;
//   - DesiredCountChanged: desired_count (the new one); ServiceEvent: message.
type TraceWriter struct {
	w   *bufio.Writer
	buf []byte
	err error

	max, written int64    // Limit's bytes (0: none), and the bytes of the lines written
	lines        int64    // the events written
	cut          bool     // an event would have passed max: it and those after are dropped
	cutAt        sim.Time // the time of the first event dropped
}

// Limit caps the trace at max bytes of events (0: no cap), so that a long run cannot fill a
// disk. The event that would pass max, and every one after, is left out, and one last line
// says so: {"t":T,"kind":"TraceCut","event":N,"max_bytes":max}, N being the first event
// left out and T its time (events are numbered from 1, as the trace's lines are). Cut says it
// too. Call Limit before the first event.
func (tw *TraceWriter) Limit(max int64) { tw.max = max }

// Cut reports whether Limit cut the trace, and if so the first event left out and its time.
func (tw *TraceWriter) Cut() (event int64, at sim.Time, cut bool) {
	return tw.lines + 1, tw.cutAt, tw.cut
}

// NewTraceWriter writes the trace to w; call Flush at the end.
func NewTraceWriter(w io.Writer) *TraceWriter {
	return &TraceWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// Observe implements models.Observer.
func (tw *TraceWriter) Observe(now sim.Time, e models.Event) {
	if tw.err != nil || tw.cut {
		return
	}
	b := append(tw.buf[:0], `{"t":`...)
	b = now.AppendSeconds(b)
	b = appendField(b, "kind", e.Kind.String())
	b = appendSubject(b, &e)
	b = appendPlace(b, &e)
	b = appendKindFields(b, &e)
	b = appendBillStart(b, now, &e)
	b = append(b, "}\n"...)
	tw.buf = b
	if tw.max > 0 && tw.written+int64(len(b)) > tw.max {
		tw.cutHere(now)
		return
	}
	tw.written += int64(len(b))
	tw.lines++
	_, tw.err = tw.w.Write(b)
}

// cutHere ends a trace Limit cut before an event at now, with the line that says so.
func (tw *TraceWriter) cutHere(now sim.Time) {
	tw.cut, tw.cutAt = true, now
	b := append(tw.buf[:0], `{"t":`...)
	b = now.AppendSeconds(b)
	b = appendField(b, "kind", "TraceCut")
	b = append(b, `,"event":`...)
	b = strconv.AppendInt(b, tw.lines+1, 10)
	b = append(b, `,"max_bytes":`...)
	b = strconv.AppendInt(b, tw.max, 10)
	b = append(b, "}\n"...)
	tw.buf = b
	_, tw.err = tw.w.Write(b)
}

// appendSubject appends what the event is about: its task, with the task definition and the
// service or group, or else its service.
func appendSubject(b []byte, e *models.Event) []byte {
	if t := e.Task; t != nil {
		if t.ID != "" {
			b = appendField(b, "task", t.ID)
		}
		b = appendField(b, "task_definition", t.Def.Ref())
		if t.Service != nil {
			return appendField(b, "service", t.Service.Name)
		}
		return appendField(b, "group", t.Group)
	}
	if e.Service != nil {
		b = appendField(b, "service", e.Service.Name)
	}
	return b
}

// appendPlace appends where the event happened: the instance and its zone (with the type,
// market, cluster and provider when it registers), or a Fargate task's zone and launch type.
func appendPlace(b []byte, e *models.Event) []byte {
	in := e.Instance
	if in == nil && e.Task != nil && e.Task.Instance != nil && e.Task.Instance.Fargate() {
		in = e.Task.Instance // a Fargate task's zone and launch type are the task's own
	}
	switch {
	case in == nil:
	case in.Fargate():
		b = appendField(b, "zone", in.Zone)
		b = appendField(b, "launch_type", models.LaunchFargate)
		if in.Provider != nil {
			b = appendField(b, "capacity_provider", in.Provider.Name)
		}
	default:
		b = appendField(b, "instance", in.ID)
		b = appendField(b, "zone", in.Zone)
		if e.Kind == models.InstanceRegistered {
			b = appendField(b, "instance_type", in.Type.Name)
			b = appendField(b, "market", string(in.Market))
			b = appendField(b, "cluster", in.Agent.Cluster)
			if in.Provider != nil {
				b = appendField(b, "capacity_provider", in.Provider.Name)
			}
		}
	}
	return b
}

// appendKindFields appends the fields only events of the event's kind carry.
func appendKindFields(b []byte, e *models.Event) []byte {
	switch e.Kind {
	case models.TaskPlaced:
		b = appendPorts(b, e.Task.Bindings)
	case models.PlacementFailed:
		b = appendReasons(b, e.Failure)
	case models.TaskStopping, models.TaskStopped:
		b = appendField(b, "reason", e.Reason)
		if e.Scheduled {
			b = append(b, `,"scheduled":true`...)
		}
		if e.Fault {
			b = append(b, `,"fault":true`...)
		}
	case models.TaskUnhealthy:
		b = appendField(b, "reason", e.Reason)
	case models.ServiceEvent:
		b = appendField(b, "message", e.Message)
	case models.TargetRegistered, models.TargetHealthy, models.TargetUnhealthy,
		models.TargetDraining, models.TargetDeregistered:
		b = appendTarget(b, e.Target)
	case models.DeploymentStarted, models.DeploymentCompleted, models.DeploymentFailed:
		b = appendDeployment(b, e.Deployment, e.Task == nil)
		if e.Kind == models.DeploymentFailed {
			b = appendField(b, "reason", e.Reason)
		}
	case models.DesiredCountChanged:
		if e.Service != nil {
			b = append(b, `,"desired_count":`...)
			b = strconv.AppendInt(b, int64(e.Service.DesiredCount), 10)
		}
	default:
		b = appendCapacityFields(b, e)
	}
	return b
}

// appendCapacityFields appends the fields of the events about instances, zones and capacity:
// launches, terminations, outages, shortages and scaling.
func appendCapacityFields(b []byte, e *models.Event) []byte {
	switch e.Kind {
	case models.InstanceTerminated:
		if e.Reason != "" {
			b = appendField(b, "reason", e.Reason)
		}
		if e.Fault {
			b = append(b, `,"fault":true`...)
		}
	case models.ZoneOutageStarted, models.ZoneOutageEnded:
		if e.Instance == nil {
			b = appendField(b, "zone", e.Zone)
		}
	case models.InstanceLaunched:
		if e.Provider != nil {
			b = appendField(b, "capacity_provider", e.Provider.Name)
		}
	case models.InstanceLaunchFailed:
		b = appendField(b, "capacity_provider", e.Provider.Name)
		b = appendField(b, "reason", e.Reason)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(e.Count), 10)
	case models.CapacityShortageStarted, models.CapacityShortageEnded:
		b = appendField(b, "pool", e.Message)
	case models.ScaleOut, models.ScaleIn:
		if e.Provider != nil {
			b = appendField(b, "capacity_provider", e.Provider.Name)
		}
		b = append(b, `,"metric":`...)
		b = appendNumber(b, e.Metric)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(e.Count), 10)
	}
	return b
}

// appendBillStart appends when a bill starts where the event's time does not say it: an EC2
// instance registering after its launch carries launched, and a Fargate task's TaskPlaced
// pull_started, the start of its image pull (both in seconds; see the package documentation's
// cost_usd).
func appendBillStart(b []byte, now sim.Time, e *models.Event) []byte {
	switch in := e.Instance; {
	case in == nil:
	case e.Kind == models.InstanceRegistered && !in.Fargate() && in.Launched < now:
		b = append(b, `,"launched":`...)
		b = in.Launched.AppendSeconds(b)
	case e.Kind == models.TaskPlaced && in.Fargate():
		b = append(b, `,"pull_started":`...)
		b = max(e.Task.PullStartedAt, now).AppendSeconds(b)
	}
	return b
}

// Flush writes out what is buffered and returns the first write error.
func (tw *TraceWriter) Flush() error {
	if tw.err != nil {
		return tw.err
	}
	return tw.w.Flush()
}

// appendNumber writes x as a JSON number, in the shortest form that reads back as x
// (strconv 'g', -1: 200, 133.33333333333334); null for NaN and infinities, which JSON lacks.
func appendNumber(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

func appendField(b []byte, key, value string) []byte {
	b = append(b, `,"`...)
	b = append(b, key...)
	b = append(b, `":`...)
	return appendString(b, value)
}

// appendTarget writes a target event's target group, target ("i-0001:32768") and the state
// the target is in after the event.
func appendTarget(b []byte, g *models.Target) []byte {
	if g == nil {
		return b
	}
	if g.Group != nil {
		b = appendField(b, "target_group", g.Group.Name)
	}
	b = appendField(b, "target", g.String())
	return appendField(b, "target_state", g.State.String())
}

// appendDeployment writes a deployment event's deployment ID, its task definition (unless the
// event's task already gave one), its rollout state after the event and, for a circuit-breaker
// rollback, "rollback":true.
func appendDeployment(b []byte, d *models.Deployment, withDef bool) []byte {
	if d == nil {
		return b
	}
	b = appendField(b, "deployment", d.ID)
	if withDef && d.Def != nil {
		b = appendField(b, "task_definition", d.Def.Ref())
	}
	b = appendField(b, "rollout_state", d.State.String())
	if d.Rollback {
		b = append(b, `,"rollback":true`...)
	}
	return b
}

// appendPorts writes a placed task's host ports: host_port for one, host_ports for several.
func appendPorts(b []byte, bs []models.HostBinding) []byte {
	switch len(bs) {
	case 0:
		return b
	case 1:
		b = append(b, `,"host_port":`...)
		return strconv.AppendUint(b, uint64(bs[0].HostPort), 10)
	}
	b = append(b, `,"host_ports":[`...)
	for i, x := range bs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(x.HostPort), 10)
	}
	return append(b, ']')
}

// appendReasons writes a failed placement's counts by filter, in pipeline order, and the
// closest matching instance.
func appendReasons(b []byte, f *models.PlacementError) []byte {
	b = append(b, `,"reasons":{`...)
	for i, r := range f.Rejected {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, r.Filter)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(r.Count), 10)
	}
	b = append(b, '}')
	if f.Closest != nil {
		b = appendField(b, "closest_instance", f.Closest.ID)
	}
	return b
}

// appendString writes s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
			continue
		}
		i++
	}
	return append(b, '"')
}

// Package models is ecssim's ECS domain: the instance-type catalog, container instances with
// ECS's resource accounting, task definitions with ECS's charging rules, tasks and their
// lifecycle, services, standalone workloads, ALB target groups, the cluster that holds them, and
// the controllers (Simulation) that move them through virtual time on a sim.Engine.
//
// The domain, each object in its own file: catalog.go (instance types), resources.go (the
// resource vector and the fit rule), instance.go, taskdef.go, task.go (states and their legal
// transitions), service.go (with deployments and the scheduled actions' kinds), workload.go,
// targetgroup.go, cluster.go (the registered instances, zones and task groups), capacity.go
// (capacity providers and Auto Scaling groups), agent.go (the container agent's settings),
// event.go (what observers are told), placement.go (Placer and placement failures),
// pricing.go and dist.go (arrival and duration distributions). For EKS: eks.go (a node's max
// pods and allocatable as the EKS-optimized AMI sets them) and eksfargate.go (the Fargate size
// of a pod).
//
// The controllers, each in its own file, are methods of Simulation:
//   - simulation.go: the run itself, the fleet's registration, standalone arrivals, and a
//     task's lifecycle (lifecycle.go): PENDING while its image is pulled (image.go) and its
//     containers start (behavior.go), RUNNING, then STOPPING and STOPPED;
//   - health.go: when a service task is healthy (40 s, container health check, target
//     groups), target registration, health and draining;
//   - controller.go: the service scheduler: rolling deployments with ECS's floor and ceiling,
//     the deadlock event, the circuit breaker with rollback, the service throttle, scale-in,
//     draining, and the scheduled actions (act: deploy, scale, drain and the faults);
//   - daemon.go: DAEMON services, one task per ACTIVE instance, first to start, last to stop;
//   - providers.go: capacity provider strategies (base and weight) and tasks waiting in
//     PROVISIONING for capacity, within the cluster's PROVISIONING limit and timeout;
//   - workload.go (beside the workload itself): RunTask on a launch type, a capacity provider
//     strategy or the cluster's default, EC2, Auto Scaling group providers and Fargate;
//   - asg.go: managed scaling of Auto Scaling group providers, instance termination, Spot
//     interruptions;
//   - faults.go and rebalance.go: instance failures, zone outages (EC2 instances and Fargate
//     tasks alike), Spot storms, agent disconnects, and AZ rebalancing (of EC2 services whose
//     first strategy spreads over zones and of Fargate services, over their zones);
//   - shortage.go: capacity shortages: Spot pools (type × zone) and FARGATE_SPOT zones that
//     run dry, an Auto Scaling group's fallback along its types and zones, launch retries;
//   - fargate.go: Fargate tasks on micro-VMs of their own size, the launch-rate bucket, the
//     zone a Fargate task starts in and the one a Fargate service's scale-in stops from;
//   - invariants.go: the checker run over every example and random scenarios.
//
// Why the domain and its controllers share a package: a task's and a target's next event live
// in the object itself (Task.next, Target.next, whose Handle is the controller's), so that a
// transition allocates nothing on a path that runs a million events a second; and the
// controllers keep the objects' bookkeeping (an instance's used resources and bound ports, a
// service's tasks and deployments, the cluster's task groups) through some forty unexported
// members. Split in two, the domain package would have to export those as mutators that
// anything could call, and the rule that only the lifecycle changes a task's state or an
// instance's accounting would no longer be the compiler's. The files keep the two apart
// instead, as listed above.
//
// Configuration and run state. Each ECS object has a configuration type (ServiceConfig,
// CapacityProviderConfig with StrategyItemConfig, TargetGroupConfig with LoadBalancerConfig,
// WorkloadConfig, ActionConfig): what a scenario says of it, names standing for the objects it
// refers to. The scenarios package decodes, validates and fills them; every run built from a
// scenario shares them, so nothing in a run changes one. The run's object (Service,
// CapacityProvider, TargetGroup, Workload, Action) embeds a pointer to its configuration, whose
// fields read as its own, and adds only what is this run's: state that moves (tasks,
// deployments, an Auto Scaling group's instances, a target group's targets) and the
// configuration's names resolved to this run's objects (a service's LoadBalancers and
// CapacityProviderStrategy, an action's Service) and placers. A Service declares Def and
// DesiredCount again, shadowing its configuration's: they start as configured and change with
// each deploy and scale.
//
// Defaults are set once: the cluster-wide Settings' by DefaultSettings, which NewSimulation
// and a scenario both start from; each object's where the scenarios package validates its
// configuration. Nothing here fills in a zero value at run time; a zero means what the
// configuration's doc says (a circuit breaker's threshold type "" is BOUNDED_PERCENT 50).
//
// models imports sim and nothing else of ecssim. It declares the interfaces it needs from above:
// Placer (choose an instance for a task), implemented by the scheduler package; ProviderPlacers
// (a service's placer on one capacity provider's instances), implemented by the scenarios
// package; and Observer (be told what happened), implemented by the reports package.
//
// Accounting is integer: CPU in ECS units (1024 per vCPU), memory in MiB, GPUs, task ENIs and
// pods as counts, all in one vector, Resources. In an EKS run CPU counts Kubernetes'
// millicores (1000 per vCPU) instead; ECS's instances and tasks count no pods. Whether an instance can host a task is decided in
// one place, Instance.Lacks (resources.go, instance.go): the vector's dimensions, then the
// explicit host ports (PortsFit). Cluster.Place, the capacity estimate (asg.go) and the
// reports' stranded capacity call it; placement's filters, one per dimension so that a failure
// names what was short, read its parts (Resources.Lacks on the instance's free vector, and
// PortsFit).
//
// To add a resource dimension, touch: resources.go (the field, Add, Sub, Lacks, negative,
// Shortfall and its String, InstanceType.registers for what an instance registers);
// taskdef.go (what a task is charged, Finalize); the scheduler's filter.go and names.go (a
// filter that reads the new Shortfall flag, so a placement error names it, and the fast
// path's combined check, resourcesFit); and the tests of resources_test.go and asg_test.go.
// Cluster.Place, the capacity estimate and the stranded capacity follow without a change.
// Then where a task comes to ask for it: the scenarios package's file.go, validate_taskdefs.go
// and doc.go (a task definition's key), scenarios/ecsjson's taskdef.go (ECS's
// resourceRequirements), and, for traces, scenarios/tracefile's trace.go (Row.GPU, read from
// the openb columns) and scenarios' trace.go (which turns a row into a task). GPUs went this
// way, with a per-device part of their own (gpu.go), and the summary's means in reports.
//
// To add a fault kind, touch: service.go (its ActionKind, for a scheduled [[events]] fault)
// or capacity.go's FaultSettings (for a random one, such as instance MTBF); faults.go (what it
// does to instances and tasks, as a method of Simulation) and controller.go's act (to call
// it), or simulation.go's Start (to arm a random one); event.go (the event kinds it emits, if
// new); then the scenarios package's file.go, validate_events.go (an event's checks) or
// validate_capacity.go's faults (the [faults] table's), load.go's notModelled (which names the
// random faults not simulated), lint.go (its warnings) and doc.go, and the reports
// package's collector.go, summary.go, text.go and doc.go (its metrics); an example under
// scenarios/examples with its golden summary in experiment/testdata.
//
// To add an event kind, touch: event.go (the constant and its name in eventKindNames, which
// the trace, the step view's "next KIND" and EventKinds follow) and the controller that emits
// it (s.emit); then what reads events by kind: reports' trace.go (its fields, SPEC §5, listed in
// TraceWriter's doc), collector.go (if a metric counts it), recording.go (if a figure's series
// moves with it) and stepview.go (its line in ecssim run -step), invariants.go (if it changes
// what the checker checks), and explain's road.go and pending.go (if it is a step on a task's
// road to RUNNING) and deployments.go (if it moves a deployment).
//
// A rule taken from ECS names its source (see ECS-REFERENCE.md for the shorthand: DG = ECS
// Developer Guide, agent = the amazon-ecs-agent repository). Impossible states (a task
// transition ECS never makes, releasing resources never allocated) are bugs and panic; bad
// input never reaches this package, because the scenarios package validates it first.
package models

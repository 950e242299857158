// Package models is ecssim's ECS domain: the instance-type catalog, container instances with
// ECS's resource accounting, task definitions with ECS's charging rules, tasks and their
// lifecycle, services, standalone workloads, ALB target groups, the cluster that holds them, and
// the controllers (Simulation) that move them through virtual time on a sim.Engine.
//
// The controllers, each in its own file:
//   - simulation.go: the run itself, the fleet's registration, standalone arrivals, and a
//     task's lifecycle: PENDING while its image is pulled (image.go) and its containers start
//     (behavior.go), RUNNING, then STOPPING and STOPPED;
//   - health.go: when a service task is healthy (40 s, container health check, target
//     groups), target registration, health and draining;
//   - controller.go: the service scheduler: rolling deployments with ECS's floor and ceiling,
//     the deadlock event, the circuit breaker with rollback, the service throttle, scale-in,
//     draining, and the scheduled actions (deploy, scale, drain);
//   - daemon.go: DAEMON services, one task per ACTIVE instance, first to start, last to stop;
//   - providers.go: capacity provider strategies (base and weight) and tasks waiting in
//     PROVISIONING for capacity;
//   - asg.go: managed scaling of Auto Scaling group providers, instance termination, Spot
//     interruptions;
//   - fargate.go: Fargate tasks on micro-VMs of their own size, the launch-rate bucket;
//   - pricing.go: what capacity costs (the reports package adds it up).
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
// Accounting is integer: CPU in ECS units (1024 per vCPU), memory in MiB, GPUs and task ENIs
// as counts, all in one vector, Resources. Whether an instance can host a task is decided in
// one place, Instance.Lacks (resources.go, instance.go): the vector's dimensions, then the
// explicit host ports (PortsFit). Placement's filters, Cluster.Place, the capacity estimate
// (asg.go) and the reports' stranded capacity all call it.
//
// To add a resource dimension, touch: resources.go (the field, Add, Sub, Lacks, negative,
// Shortfall and its String, InstanceType.registers for what an instance registers);
// taskdef.go (what a task is charged, Finalize); the scheduler's filter.go and names.go (a
// filter that reads the new Shortfall flag, so a placement error names it: GPUs have none yet,
// as no task asks for one); and the tests of resources_test.go and asg_test.go.
// Cluster.Place, the capacity estimate and the stranded capacity follow without a change.
//
// A rule taken from ECS names its source (see ECS-REFERENCE.md for the shorthand: DG = ECS
// Developer Guide, agent = the amazon-ecs-agent repository). Impossible states (a task
// transition ECS never makes, releasing resources never allocated) are bugs and panic; bad
// input never reaches this package, because the scenarios package validates it first.
package models

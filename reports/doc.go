// Package reports turns a run's events into what people read: the JSON summary (SPEC §4), a
// text summary, the JSON Lines event trace (SPEC §5) and CSV time series.
//
// Collector, TraceWriter and TimeSeries implement models.Observer and work as the run goes,
// from the events alone. Metric definitions (each has a test with a hand-computed value):
//
//   - cpu_reserved_mean: the time-weighted mean, over the time some EC2 instance is registered
//     with the cluster, of the CPU units reserved by tasks (PENDING, RUNNING and STOPPING tasks
//     hold their reservation) divided by the registered CPU units of the registered instances.
//     memory_reserved_mean alike.
//   - cpu_stranded_mean: the time-weighted mean, over the time some CPU is unreserved, of the
//     share of unreserved CPU units that sit on instances where none of the task definitions
//     the scenario's services and workloads run would fit (CPU, memory, ENIs and explicit host
//     ports; constraints aside): capacity that fragmentation makes useless. With one task
//     definition this is "where the smallest task definition cannot fit"; definitions that
//     nothing runs do not count. memory_stranded_mean alike.
//   - tasks.started: tasks placed; placement_failures: placements that found no instance;
//     start_failures: placed tasks that failed to start, stopping before RUNNING (no dynamic
//     host port left, an image that cannot be pulled, a container that exits at once); tasks
//     the scheduler stopped before they ran (a superseded deployment, scale-in) do not count;
//     pending_seconds: from a task's creation (CreatedAt, when it is placed: ECS creates no
//     task that finds no instance) to its TaskRunning event, over the tasks that reached
//     RUNNING: the image pull and the container start. Tasks that never reach RUNNING give no
//     sample.
//   - capacity.instances_max: the most instances running at once (of any cluster: they all
//     cost money); instance_hours: their summed lifetimes.
//   - cost_usd.ec2: each instance billed per second with a 60-second minimum at its type's
//     on-demand price (ECS-REFERENCE §7.1).
//   - services.*.desired: the desired count at the end of the run.
//   - services.*.availability: the time-weighted share of the run, from the service's first
//     steady state (healthy tasks >= desired) on, with healthy tasks >= desired;
//     min_healthy_held the same with ceil(desired × minimum_healthy_percent / 100). Both bars
//     are the ones in force at each moment: a DesiredCountChanged event (a scale) changes the
//     desired count and the floor from that instant on, so time before it is measured against
//     the old count and time after against the new. A service that never reaches steady state
//     scores 0; a scale-in can bring the first steady state.
//   - A service task counts as running from TaskRunning until it starts STOPPING, and as
//     healthy from TaskHealthy until TaskUnhealthy or it starts STOPPING. STOPPING tasks hold
//     their reservation until TaskStopped, which may come minutes later (target draining,
//     then the stop timeout).
//   - services.*.lowest_healthy: the fewest healthy tasks at any moment (after any event) from
//     the first steady state on; -1 if the service never reached it.
//   - services.*.max_instance_share / max_az_share: the largest share of the service's
//     RUNNING tasks that one instance / one zone held at any time. The share's denominator is
//     max(running, desired), with the desired count in force at the time, so a service still
//     starting up, or short of tasks, is measured against the capacity it should have: the
//     blast radius of losing that instance or zone.
//   - services.*.tasks_started: the service's tasks placed (TaskPlaced);
//     tasks_failed_health_checks: its tasks that failed their health checks (TaskUnhealthy).
//   - services.*.healthy_targets_min / healthy_targets_mean: a service's healthy targets are
//     its targets in state healthy, over all its target groups (a task registered with two
//     groups counts twice): +1 at TargetHealthy, -1 at TargetUnhealthy, TargetDraining or
//     TargetDeregistered of a target that was healthy. _min is the fewest at any moment (after
//     any event) and _mean the time-weighted mean, both from the service's first steady state
//     to the end of the run, as availability is measured; both 0 for a service that never
//     reaches steady state. A service with no load balancer has no targets: both are left out
//     of the JSON (nil in ServiceSummary) and the text report shows "-".
//   - services.*.deployments: the service's deployments in the order they started
//     (DeploymentStarted: the one that creates the service at time 0, then one per deploy and
//     circuit-breaker rollback). started_at: its DeploymentStarted; finished_at: its
//     DeploymentCompleted or DeploymentFailed, or the start of the next deployment when that
//     one superseded it still in progress; null while in progress at the end of the run.
//     state: its rollout state at the end of the run (IN_PROGRESS, COMPLETED or FAILED; a
//     superseded deployment keeps whatever state it had). task_definition: the revision
//     deployed; rollback: started by the circuit breaker. duration_seconds: finished_at −
//     started_at, or the end of the run − started_at while in progress. lowest_healthy: the
//     fewest healthy tasks of the service at any moment from started_at to finished_at (or the
//     end), the count at started_at included: 0 for the deployment that creates the service.
//     failed_tasks: the deployment's Failures at the end of the run, the tasks its circuit
//     breaker counted.
//
// reports imports models and sim; it never imports scheduler or scenarios.
package reports

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
//     start_failures: placed tasks that stopped before reaching RUNNING (e.g. no dynamic host
//     port left); pending_seconds: from a task's creation to RUNNING, over the tasks that
//     reached RUNNING (0 until image pulls and container starts are modelled: tasks start when
//     they are placed).
//   - capacity.instances_max: the most instances running at once (of any cluster: they all
//     cost money); instance_hours: their summed lifetimes.
//   - cost_usd.ec2: each instance billed per second with a 60-second minimum at its type's
//     on-demand price (ECS-REFERENCE §7.1).
//   - services.*.availability: the time-weighted share of the run, from the service's first
//     steady state (healthy tasks >= desired) on, with healthy tasks >= desired;
//     min_healthy_held the same with ceil(desired × minimum_healthy_percent / 100). A service
//     that never reaches steady state scores 0.
//   - A service task counts as running from TaskRunning and as healthy from TaskHealthy, both
//     until it starts STOPPING.
//   - services.*.max_instance_share / max_az_share: the largest share of the service's
//     RUNNING tasks that one instance / one zone held at any time. The share's denominator is
//     max(running, desired), so a service still starting up, or short of tasks, is measured
//     against the capacity it should have: the blast radius of losing that instance or zone.
//
// reports imports models and sim; it never imports scheduler or scenarios.
package reports

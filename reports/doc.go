// Package reports turns a run's events into what people read: the JSON summary (SPEC §4), a
// text summary, the JSON Lines event trace (SPEC §5), the frames of ecssim run -step (StepView:
// each event in a line and a map of the cluster), CSV time series, and figures and an
// HTML report.
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
//     nothing runs do not count, nor those of services that run on Fargate only (launch type
//     FARGATE, or a capacity provider strategy of FARGATE and FARGATE_SPOT alone).
//     memory_stranded_mean alike.
//   - gpu_reserved_mean, gpu_stranded_mean: present for runs whose instances register GPUs.
//     gpu_reserved_mean: the time-weighted mean, over the time some GPU is registered, of the
//     GPU tasks hold (in thousandths: a share of one GPU counts as its share) over the GPUs
//     registered. gpu_stranded_mean: the time-weighted mean, over the time some GPU is free, of
//     the share of free GPU that sits on instances where no task that asks for GPUs would fit
//     (of the scenario's definitions and trace sizes that ask for GPUs, the smallest; CPU,
//     memory and each GPU's remainder counted, constraints aside): GPU that fragmentation, or
//     the CPU and memory the instance has left, makes useless. With no task asking for GPUs,
//     every free GPU is stranded.
//   - tasks.started: tasks placed; placement_failures: placement attempts that found no
//     instance (a PlacementFailed event): attempts, not tasks, since a service tries again
//     after each placement_retry_interval (30 s by default) while it is short, so one task
//     that never fits counts once a try; never_placed: tasks that never reached an instance,
//     counted once each: (a) a standalone task RunTask could not place (it does not try
//     again); (b) a task that stopped while waiting in PROVISIONING (a TaskStopped with no
//     instance: a scale-in, a failed deployment, the cluster's PROVISIONING limit or
//     timeout); (c) at the end of the run, each service's tasks it still wants and has not
//     placed (models.Service.Unplaced): those waiting in PROVISIONING for a capacity provider,
//     and on EC2 those its latest scheduler pass found no instance for, of any revision (a
//     deployment whose new revision never fits counts them while the old one serves), and
//     each workload's tasks still waiting in PROVISIONING (models.Workload.Unplaced).
//     ECS creates no task on EC2 until one can be placed, so a shortfall that a scale-in
//     ends, or that is filled before the end, leaves no never-placed task: how short a
//     service was over the run is services.*.tasks_short_mean and tasks_short_max. A service
//     14 tasks short on EC2 for a month has about 87,600 placement failures and 14 never
//     placed.
//     stopped_by_faults: tasks stopped because their capacity was lost (a TaskStopping event
//     with Fault: an instance failure, a zone outage, a Spot interruption; each task once, by
//     its TaskStopping: a TaskStopped never counts);
//     start_failures: placed tasks that failed to start, stopping before RUNNING (no dynamic
//     host port left, an image that cannot be pulled, a container that exits at once); tasks
//     the scheduler stopped before they ran (a superseded deployment, scale-in) do not count;
//     pending_seconds: from a task's creation (CreatedAt, when it is placed: ECS creates no
//     task that finds no instance) to its TaskRunning event, over the tasks that reached
//     RUNNING: the image pull and the container start. Tasks that never reach RUNNING give no
//     sample. The sample is kept whole up to 65,536 tasks, and its mean, p50 and p99 are exact;
//     past that it is a DDSketch: the mean stays exact, p50 and p99 are within 0.5% of the
//     true quantiles, and memory stays flat however long the run.
//   - capacity.instances_max: the most EC2 instances registered at once (of any cluster: they
//     all cost money); instance_hours: their summed lifetimes as EC2 bills them, from each
//     instance's launch (models.Instance.Launched: an Auto Scaling group's instance launches
//     its launch latency before InstanceRegistered; an instance group's at its registration) to
//     InstanceTerminated or the end of the run, instances launched and not yet registered
//     included, before billing's rounding and minimum. A Fargate task's synthetic instance is
//     never an EC2 instance: it counts in neither, nor in utilization or stranded capacity,
//     even if an InstanceRegistered announced it.
//   - capacity.fargate_tasks_max: the most Fargate tasks RUNNING at once (from TaskRunning
//     until the task starts STOPPING). fargate_vcpu_hours and fargate_gb_hours: each Fargate
//     task's vCPU (task CPU units / 1024) and GB (task memory MiB / 1024) times its billed
//     hours, as cost_usd.fargate bills them (so with the one-minute minimum).
//   - capacity.providers: one entry per ASG capacity provider of the cluster (and any other an
//     event names), by name. instances_max and instance_hours as above, over the instances
//     whose Provider it is; scale_outs and scale_ins: its ScaleOut and ScaleIn events (not the
//     instances they launched or terminated).
//
// Cost (cost_usd, US dollars, at the Simulation's Pricing: the list prices of
// models.DefaultPricing unless the scenario overrides them). Bills start and stop where AWS
// starts and stops them, and are rounded as AWS rounds them: per second, a second begun
// billed whole, at least 60 seconds (the minimum applies to a bill the end of the run cuts
// short too).
//   - cost_usd.ec2: each EC2 instance billed from its launch to InstanceTerminated or the end
//     of the run (EC2 Linux: "billed on one second increments, with a minimum of 60 seconds",
//     from launch to termination; AWS What's New, "Announcing Amazon EC2 per-second billing",
//     2017; ECS-REFERENCE §7.1), at Pricing.InstanceHourly: its type's on-demand price
//     (ECS-REFERENCE §7.1) or the scenario's override, less the EC2 Spot discount (60% by
//     default) for a Spot instance. The launch is InstanceLaunched's time for an Auto Scaling
//     group's instance, so its boot and agent start (the group's launch_latency) are billed,
//     and an instance still booting at the end of the run is billed from its launch to the
//     end (at the price of the group's first type); an instance group's instance launches as
//     it registers. Termination ends the bill whatever caused it: scale-in, a Spot
//     interruption, a failure, a zone outage, an operator.
//   - cost_usd.fargate: each Fargate task billed from the start of its image pull to its
//     TaskStopped or the end of the run ("from the time you start to download your container
//     image until the Amazon ECS Task terminates, rounded up to the nearest second", with a
//     one-minute minimum: aws.amazon.com/fargate/pricing; ECS-REFERENCE §6.4), at
//     Pricing.FargateHourly (task vCPU and GB at the x86 or ARM64 prices, ECS-REFERENCE §6.4,
//     less the FARGATE_SPOT discount, 70% by default, for a Spot task: the same window; an EKS
//     pod's vCPU and GB are its Fargate pod size, models.TaskDefinition.FargateSize). The
//     pull starts when the task's micro-VM is provisioned (models.Task.PullStartedAt: its
//     TaskPlaced plus the [fargate] provisioning time, 25 s median by default; the trace's
//     pull_started), so provisioning is not billed. A task stopped before its pull started
//     (still provisioning), or whose pull would start after the end of the run, is not
//     billed, nor is one that never got placed.
//   - cost_usd.total = ec2 + fargate.
//   - cost_usd.per_service / per_workload: what each service's, and each standalone workload's
//     (by workload name; a standalone task of no workload by its group), tasks cost: their
//     Fargate bills plus their share of EC2. Every service and workload of the scenario is
//     listed, with 0 if it cost nothing. ecssim's attribution rule for EC2: a task on an
//     instance is charged, while it holds its reservation (TaskPlaced to TaskStopped: PENDING,
//     RUNNING and STOPPING), the instance's hourly price × max(task CPU / instance registered
//     CPU, task memory / instance registered memory): the larger share is what the task keeps
//     others from using. When the tasks on an instance claim more than the whole of it (one
//     takes most of the CPU, another most of the memory), their charges are scaled down in
//     proportion so that together they pay exactly the instance's price.
//   - cost_usd.idle: cost_usd.ec2 minus the EC2 cost attributed to tasks: instance time no
//     reservation pays for (the boot before registration among it), instances of other
//     clusters, and billing's rounding and 60-second minimums. So total = Σ per_service +
//     Σ per_workload + idle.
//   - cost_usd.per_provider: cost by capacity provider: each ASG provider's instances
//     (Instance.Provider), FARGATE's and FARGATE_SPOT's tasks (by the synthetic instance's
//     Provider; by its market when it has none), and "instance_groups" for the instances of
//     the scenario's instance groups (no Provider). Every provider of the cluster is listed,
//     with 0 if unused; "instance_groups" when the scenario has instance groups or one of
//     their instances was billed.
//   - cost_usd.per_task_hour: total / the task-hours of RUNNING tasks (EC2 and Fargate, from
//     TaskRunning until the task starts STOPPING); 0 when no task ran.
//   - cost_usd.per_month: total / the run's simulated hours × 730, the run's cost at its
//     average rate for a month of 730 hours (8,760 hours a year / 12, the month AWS's pricing
//     calculator uses). A run that spends its first minutes starting up is dearer per hour
//     than the steady state, so runs long against their start-up give the truer figure.
//   - cost_usd.stranded: the dollars of stranded CPU: the sum over the cluster's instances of
//     ∫ (stranded CPU units / registered CPU units) × the instance's hourly price dt, where an
//     instance's stranded CPU is all its free CPU when none of the scenario's task definitions
//     fits there (the test of cpu_stranded_mean), else 0. stranded_memory: the same with
//     memory. Both are measures of fragmentation, not parts of the total: stranded capacity is
//     often paid for by the task whose memory (or CPU) share left the rest unusable, so it
//     overlaps the attributed cost as well as idle.
//   - services.*.desired: the desired count at the end of the run.
//   - services.*.availability_zone_rebalancing: ENABLED or DISABLED, the service's
//     availabilityZoneRebalancing in the run (models.Service.Rebalancing): as its scenario
//     sets it, else CreateService's default, ENABLED for a service ECS can rebalance (a REPLICA
//     service whose first placement strategy, as run, spreads over zones, or a Fargate
//     service; with maximum_percent above 100 and no placement constraint on the zone
//     attribute) and DISABLED otherwise (DG/service-rebalancing, ECS-REFERENCE §1.10).
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
//   - services.*.max_instance_share_mean / max_az_share_mean: the time-weighted mean of the
//     same shares (largest count on one instance / zone over max(running, desired)) from the
//     service's first steady state to the end of the run, as availability is measured; 0 for
//     a service that never reaches steady state.
//   - services.*.stopped_by_faults: the service's tasks whose TaskStopping had Fault.
//   - services.*.fault_episodes, recovery_seconds_max, recovery_seconds_mean: a recovery
//     episode opens at a TaskStopping with Fault of one of the service's tasks that leaves its
//     healthy tasks below the desired count (in force then), if the service has reached its
//     first steady state and no episode is open; it closes at the first moment healthy tasks
//     are back at the desired count (a scale-in to the healthy count closes it too). Fault
//     stops while it is open, and anything else that happens meanwhile (a deployment, more
//     failures), extend the one episode. A fault stop that leaves healthy ≥ desired (the task
//     was not healthy, or a surge covered it) opens none: nothing was lost. The episode's
//     length is from its opening fault stop to its close; an episode still open at the end of
//     the run counts until the end (so a service that never recovers shows the time from the
//     fault to the end). recovery_seconds_max is the longest, recovery_seconds_mean the mean
//     over fault_episodes episodes; both 0 with none.
//   - services.*.episodes: each recovery episode above, in the order they opened:
//     started_at, ended_at (null for one still open at the end of the run), duration_seconds,
//     lowest_healthy (the fewest healthy tasks while it was open, counting the state the
//     opening fault stops left), served_fraction = ∫ min(healthy, desired) dt / ∫ desired dt
//     over the episode (the task-seconds served of those owed; 1 for an episode that lasted no
//     time), and stopped_by_faults (the service's tasks faults stopped while it was open, the
//     opening ones included). An outage of four hours in a month shows here even when
//     availability rounds to 99.4%.
//   - services.*.never_placed: the service's part of tasks.never_placed.
//   - services.*.tasks_short_mean and tasks_short_max: the shortfall max(0, desired − tasks
//     placed and not stopping), with the desired count in force at each moment, from the
//     start of the run (not from the first steady state: a service that never gets all its
//     tasks shows it). tasks_short_mean is its time-weighted mean over the run;
//     tasks_short_max the largest value held for some time (a service that places its
//     replacements at the instant it loses tasks is short for no time). The figures' waiting
//     tasks are the same count summed over the services.
//   - services.*.unserved_task_seconds: ∫ max(0, desired − healthy) dt, from the service's
//     first steady state to the end of the run, with the desired count in force at each
//     moment: the task-seconds the service owed and did not serve, whatever the cause.
//   - services.*.resiliency, the analytic score (no fault need be injected): at each moment,
//     instance_loss_survival = (running − running on the instance holding most of its
//     running tasks) / desired, clamped to [0, 1] (1 for a service whose desired count is 0):
//     the share of the desired count that would still run if its worst instance were lost.
//     zone_loss_survival likewise for its worst zone (Fargate tasks by their zone; each
//     Fargate task is its own instance). Running and desired as for the shares. Each is
//     reported as {mean, worst}: mean is time-weighted from the service's first steady state
//     to the end of the run, as availability is measured; worst is the lowest value held for
//     some time over the same span (a state that lasts no time, between events at one instant,
//     does not count). Both 0 for a service that never reaches steady state. A service of 12
//     spread 4/4/4 over three zones scores zone_loss_survival 8/12; packed 8 in one zone, 4/12.
//   - faults (cluster-wide): count = instances_lost + fargate_interruptions, the fault
//     events: instances_lost the EC2 instances terminated by a fault (InstanceTerminated with
//     Fault; a Fargate task's synthetic instance never counts there), fargate_interruptions
//     the Fargate tasks stopped by a fault (TaskStopping with Fault of a task on a Fargate
//     micro-VM: a FARGATE_SPOT interruption, or a zone outage that took it), each its own
//     fault, counted once by its TaskStopping. A zone outage that fails a zone's instances
//     counts one fault per instance lost, and one per Fargate task lost.
//     tasks_lost_per_fault = tasks.stopped_by_faults / count, 0 with no fault.
//     unserved_task_seconds: the sum of the services' unserved_task_seconds. zone_outages:
//     ZoneOutageStarted events; zone_outage_seconds: by zone, the time from a
//     ZoneOutageStarted to its ZoneOutageEnded (or the end of the run), overlapping outages of
//     one zone counted once; zones with no outage are left out. agent_disconnects:
//     AgentDisconnected events. capacity_shortages: CapacityShortageStarted events, the dry
//     spells of the scenario's [[capacity_shortages]] (one per pool); launches_failed: the
//     Auto Scaling group launches that found no capacity (the Count of InstanceLaunchFailed
//     events; a launch retried every minute counts each time). Both left out when 0.
//   - resiliency (summary level): instance_loss_survival_mean, zone_loss_survival_mean,
//     instance_loss_survival_worst and zone_loss_survival_worst are the services'
//     resiliency means and worsts averaged over the services, each weighted by its desired
//     count at the end of the run (services.*.desired): Σ desired × score / Σ desired. So a
//     service of 12 weighs three times one of 4, and a service scaled to 0 not at all; all 0
//     when no service wants tasks. The _worst figures average each service's worst, which
//     need not have come at the same time. With the run's strategy (the "strategy" key), this
//     is binpack's blast radius against spread's in one line.
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
// Comparisons (Compare, ecssim compare): the same scenario under strategies s = 1..S and
// seeds k = 1..n, every strategy on seed k seeing the same arrivals, durations and faults
// (common random numbers). The metrics are every number of the JSON summary but the seed,
// named by its dot-separated path (utilization.cpu_reserved_mean,
// services.web.availability), lists (deployments) left out; a map key that some runs lack
// (faults.zone_outage_seconds of a zone that had no outage) counts 0 there.
//   - Estimate: for values x_1..x_n (n >= 2), the mean m = Σ x_k / n, the sample standard
//     deviation sd = √(Σ (x_k − m)² / (n − 1)), and the 95% confidence interval m ± h with
//     h = t × sd / √n, t the 0.975 quantile of Student's t with n − 1 degrees of freedom
//     (gonum stat and distuv). For 1, 2, 3, 4: m 2.5, sd 1.2910, t 3.1824, h 2.0543.
//   - PairedDifference: the Estimate of d_k = x_{s,k} − x_{1,k}, strategy s minus the first
//     on the same seed. Common random numbers make the d_k vary less than either sample, so
//     the paired interval is the one to read: a difference whose interval excludes 0 is
//     significant at 5%.
//   - The benchstat format has one Go benchmark line per strategy and seed,
//     "BenchmarkRun/strategy=NAME 1 VALUE METRIC ...", for benchstat -col /strategy (whose
//     own test is unpaired).
//
// Figures and reports (ecssim run, compare and sweep with -out). Collector.Record samples, in
// memory as the run goes, what the figures show (a Recording); RunFigures and
// ComparisonFigures turn recordings and comparisons into the data of each figure (Figure),
// which plot.go alone draws with gonum/plot as PNG and SVG; WriteRunReport (with the run's
// summary.json and summary.txt) and WriteComparisonReport write the figures, CSV files and a
// self-contained report.html (the
// SVGs inline, no external files or fonts, and no script but, in a run's report beside its
// replay page, the one that opens the replay at a figure's time). A sample at time s shows the state
// after every event at or before s; samples are taken every RecordOptions.Every (by default
// the horizon / 400, at most MaxSamples samples). Per sample:
//   - reserved CPU and memory: as the instantaneous cpu_reserved of the CSV time series, the
//     reserved units over the registered units of the cluster's EC2 instances;
//   - running tasks: RUNNING (TaskRunning until the task starts STOPPING), EC2 and Fargate;
//   - pending tasks: placed and not yet RUNNING (TaskPlaced until TaskRunning, or until the
//     task stops if it never runs): the image pull and container start, and a Fargate task's
//     provisioning (its TaskPlaced starts it);
//   - waiting tasks: the sum over services of max(0, desired − the service's tasks placed and
//     not yet STOPPING): tasks a service wants and has not placed, because placement found no
//     instance (PlacementFailed) or because the task waits in PROVISIONING for an Auto Scaling
//     group's capacity (ECS creates such a task before it is placed; ecssim emits no event for
//     it until TaskPlaced, so the recording counts it from the desired count). Standalone
//     tasks are not counted: RunTask drops a task it cannot place on EC2, and a standalone
//     task waiting in PROVISIONING for a capacity provider has no desired count to count it
//     from. A service above its desired count (a deployment's surge) counts 0, never less;
//   - running tasks per zone (Fargate tasks by their zone);
//   - each service's healthy tasks, healthy targets (as healthy_targets_* count them) and
//     desired count;
//   - with RecordOptions.Instances, the tasks on each EC2 instance of the cluster: placed and
//     not yet STOPPED (PENDING, RUNNING and STOPPING: the tasks that hold a reservation
//     there), NaN while the instance is not registered.
//
// The recording also keeps the zone outages (overlapping outages of a zone as one) and the
// distribution of the pending times (pending_seconds' sample) in at most 1000 steps: the
// empirical CDF at every step where it crosses a multiple of 0.1%, exact there and low by less
// than 0.1% between steps (past 65,536 tasks, the steps stand at the sketch's buckets, each
// within 0.5% of the times it counts). A comparison's CDF pools its seeds' tasks, each recording weighing
// its number of tasks; its series over time are the means over the seeds at each sample time.
// The scatters put each strategy's (and grid point's) mean of resiliency.zone_loss_survival_mean
// on x against utilization.cpu_reserved_mean and memory_reserved_mean, or cost_usd.total, on y,
// with the 95% intervals of both as error bars.
//
// reports imports models and sim; it never imports scheduler or scenarios.
package reports

/*
ecssim simulates container clusters the way Amazon ECS runs them.

Usage:

	ecssim run [flags] [SCENARIO]        run one simulation (the default example with none)
	ecssim replay -o FILE.html [flags] SCENARIO
	                                     write a page that plays a run back in a browser
	ecssim compare [flags] SCENARIO      compare placement strategies over many seeds
	ecssim sweep [flags] SWEEP           run a grid of scenario parameters × strategies × seeds
	ecssim merge [flags] DIR...          check a sharded sweep's results are whole, and compare
	ecssim plan [flags] SCENARIO         size an instance group: the fewest instances per type
	                                     and strategy that meet targets, beside a lower bound
	ecssim bench [flags] [WORKLOAD...]   run the standard performance workloads
	ecssim explain [flags] [SCENARIO]    show why ECS placed the first tasks where it did
	ecssim validate SCENARIO...          check scenario files, reporting every problem
	ecssim import [flags] FILE...        write a scenario from ECS JSON (aws ecs describe-*)
	ecssim examples [NAME]               list the embedded examples, or print one
	ecssim strategies                    list the placement strategies and presets
	ecssim instance-types [flags]        list the instance catalog: size, ENIs, GPUs, price

SCENARIO is a TOML file or example:NAME.

Flags of run:

	-seed N            use seed N instead of the scenario's
	-set KEY=VALUE     replace a scenario value (repeatable; compare, plan and explain take it
	                   too): KEY a dotted path as sweep files name them, entering arrays of
	                   tables by name (services.web.desired_count=20,
	                   instance_groups.general.type=c6i.2xlarge); VALUE a TOML value, a bare
	                   word being a string
	-strategy CHAIN    place every service and workload with CHAIN: a preset name from
	                   `ecssim strategies`, or items such as spread(attribute:ecs.availability-zone),binpack(memory)
	-format text|json  how to print the summary (default text)
	-trace FILE        write the event trace as JSON Lines to FILE ("-" for stdout; the
	                   summary then goes to stderr). Files are written whole or not at all,
	                   through a symlink to its target; a device or a FIFO is written in place
	-trace-max SIZE    cut the trace before it passes SIZE (default 10GiB; 0: no limit), with
	                   a last line {"kind":"TraceCut","event":N,...} and a note on stderr
	-out DIR           write summary.json, summary.txt, timeseries.csv, the run's figures
	                   (PNG and SVG), recording.csv (the figures' data), report.html and
	                   replay.html (as ecssim replay writes it) to DIR, and say on stderr where
	                   report.html is
	-sample DURATION   the time series' interval (default 1m, raised for runs so long that
	                   it would pass 1,000,000 rows; a shorter one given is refused)
	-step              walk the run one event at a time, each with a map of every zone's
	                   instances as the event left them (CPU reserved, DRAINING, tasks by
	                   service or workload); Enter for the next event, a number to run on to it,
	                   a time such as 1h, 90m, 1h30m or 2d to run on to the first event then or
	                   after, next KIND (e.g. next ZoneOutageStarted, in any case) to run on to
	                   the next event of that kind, q to quit (nothing is written then); the
	                   summary follows the last event. Event N is line N of the -trace file, and
	                   KIND its "kind"
	-cpuprofile FILE   write a CPU profile of the command to FILE (read it with go tool pprof);
	-memprofile FILE   write a heap profile (allocations and the live heap) when it ends;
	                   compare and sweep take both flags too
	-max-memory SIZE   refuse, before building it, a run whose estimated memory is above SIZE
	                   (8GiB, 12GB, 512MiB; 0: no limit; default half the machine's memory):
	                   instances, tasks in flight, trace rows, as measured per instance and task
	-max-events N      refuse a run expected to fire more than N events (default 2e9, about 22
	                   minutes at 1.5 M events/s; 0: no limit): arrivals over the duration and
	                   what each task fires; compare, sweep, plan and explain take both flags

Flags of compare:

	-strategies LIST   the strategies to compare (required without -orchestrators; the first
	                   is the baseline of the differences); the flag may be repeated. LIST is separated by "," (each
	                   a preset name or one item, e.g. binpack-memory,spread(instanceId)), or,
	                   when it contains a ";", by ";" so that a strategy may be a chain of
	                   items: "binpack-memory;spread(attribute:ecs.availability-zone),binpack(cpu)".
	                   A strategy may also be a strategy file (NAME.toml) holding a list of
	                   ECS placement_strategy items: placement_strategy = [{ type = "binpack",
	                   field = "memory" }], and optionally name = "..."
	-orchestrators L   compare orchestrators: L is ecs,eks (or one of them); each runs the
	                   scenario as orchestrator = L would, ECS with each strategy of
	                   -strategies (columns ecs:NAME) or with the scenario's own (ecs), EKS
	                   with the kube-scheduler (eks), on the same seeds, paired by seed
	-seeds N           run every strategy on N seeds (default 20, at least 2)
	-compaction        add each strategy's compaction: on each seed, the fewest instances of the
	                   scenario's group that meet plan's default targets (no task never
	                   placed, every service 99.9% available), with the lower bound beside it
	-seed S            the first seed (default the scenario's); the seeds are S, S+1, ...
	-format F          text (default), json, csv, markdown, or benchstat (Go benchmark lines
	                   for benchstat -col /strategy); json, csv and benchstat carry every metric
	-metrics M         the rows of the text and markdown tables: headline (default), all, or a
	                   comma-separated list of the JSON summary's metric paths, globs such as
	                   services.*.availability, and headline rows ("CPU reserved")
	-workers N         runs at once (default all cores); the output never depends on it
	-out DIR           keep every run's result in DIR/runs, so that a rerun after an
	                   interrupt does only the rest, and write figures and report.html to DIR
	-quiet             no progress bar (it is drawn only on a terminal, after a second)
	-max-runs N        refuse more than N runs (default 1000000; 0: no limit), saying how long
	                   they would take; -max-memory counts every run's result kept and
	                   -workers runs at once

	Every strategy sees the same arrivals, durations and faults for a given seed (common
	random numbers). For each metric, compare prints each strategy's mean with its 95%
	confidence interval (Student t) and the difference against the first strategy, paired by
	seed, with its interval, marked * where it excludes 0. The headline, in percent, dollars
	and seconds: CPU and memory reserved and stranded, cost per month, tasks never placed, the
	worst service's availability, the desired tasks that survive losing the worst instance and
	the worst zone, and the longest recovery; n/a where a metric does not apply (no EC2
	instance, no fault episode), and rows that are 0 for every strategy left out.

Flags of plan:

	-group NAME        the instance group, or the Auto Scaling group capacity provider (its
	                   maximum size; its size, without managed scaling), to size (default: the
	                   scenario's only one); an Auto Scaling group is sized of one type at a time
	-types LIST        candidate instance types, separated by ",": names (m6i.xlarge), or
	                   family:F1,F2 for every size of those families (default: the group's type)
	-strategies LIST   candidate strategies, as for compare (default: the scenario's own)
	-seeds N           run every count on N seeds (default 11); -seed S the first, as compare
	-quantile Q        the share of seeds on which the targets must hold (default 1: all)
	-never-placed N    at most N tasks never placed (default 0); below 1, a share of the tasks
	-availability A    every service's availability at least A (default 0.999)
	-pending-p99 D     the p99 time from creation to RUNNING at most D (default: no target)
	-zone-loss         the fleet must survive losing any one of the group's zones: in a run of
	                   its own for each zone and seed, the zone fails (an az_outage) for
	                   -zone-loss-for (default 1h) at -zone-loss-at (default half way), and every
	                   service must be back at its desired count of healthy tasks within
	                   -recovery (default 10m) of each fault that left it short
	-max N             the largest count tried (default: the group's maximum, or 10000)
	-spot-share S      the share of tasks on FARGATE_SPOT in the Fargate mix (default 0.5)
	-out DIR           write plan.png and plan.svg (each count tried: its monthly cost, and
	                   the share of seeds that met the targets, with the lower bound), plan.json
	                   and report.html to DIR
	-set KEY=VALUE, -workers N, -quiet, -format text|json   as for run and compare
	-max-memory SIZE, -max-events N   as for run, for -workers runs at once

	For each type and strategy, plan runs counts of the group from the lower bound up, 1, 2,
	4, ... at a time, until one meets every target on the seeds asked, then bisects down to the
	smallest that does; it checks the count below it misses and the count above it meets too
	(else it says the targets are not monotone there and goes on above). Beside each count: the
	lower bound (the steady demand, services at their desired count and workloads at their
	mean number of tasks at once by Little's law, over what one instance registers, in CPU,
	memory, task ENIs or static host ports, whichever needs most; with -zone-loss, the fewest
	instances that keep that many after losing the largest zone; raised, where one group is the
	scenario's only EC2 capacity and every seed must place every task, to what the workloads'
	peak measured at the answer needs beside the services), the first-fit-decreasing
	packing of that demand by ECS's placement rule, the gap (count - bound), the monthly cost
	and the target the count below missed; daemon services are held to no availability (they
	wait for each instance). The bound is computed only where the group is the scenario's only
	EC2 capacity. Plans are ranked by monthly cost. Below them, the same steady demand on
	Fargate and on a FARGATE/FARGATE_SPOT mix: each service's and workload's tasks rounded up
	to the smallest Fargate size that holds them (their containers' hard memory limits
	included), the monthly cost, and the share of it paid for rounding up, per service.

Flags of sweep (SWEEP is a sweep file; see "go doc ./scenarios LoadSweep" or the example
in scenarios/examples/sweeps):

	-dir DIR           where run results go (default results): one file per run in DIR/runs,
	                   a JSON line (the run's summary with a "run" header), written under a
	                   temporary name and renamed; a rerun skips the runs already there
	-shard-index I     run only the runs k with k mod N == I; I defaults from
	-shard-count N     JOB_COMPLETION_INDEX (Kubernetes Indexed Job), AWS_BATCH_JOB_ARRAY_INDEX
	                   (AWS Batch array job) or SLURM_ARRAY_TASK_ID (Slurm array), N from
	                   SLURM_ARRAY_TASK_COUNT; a run's seed comes from its key, so shards
	                   give what one sweep gives
	-workers, -quiet, -max-runs, -max-memory, -max-events   as for compare
	-format F, -metrics M, -out DIR  as for compare, once the grid in DIR is whole: text and
	                   markdown as one pivot table, a row per grid point and strategy and a
	                   column per metric (-metrics all: a table per point); JSON as an array of
	                   the points' comparisons

	A run's result file is named by what decides it (the point's scenario, the strategy, the
	seed, the build of ecssim), so a sweep file given more seeds, values or strategies
	reruns only the new runs. The scenario's keys named by [[parameters]] may be any value
	(a table too); seed, name and placement strategies cannot be swept.

Flags of merge (DIR... are the -dir of a sweep's shards; they may also be one directory):

	-format F, -metrics M, -out DIR  as for sweep

	merge checks that the results are one grid's, each run present once, says which runs are
	missing otherwise, and prints the comparison at every point of the grid.

	Ctrl-C (or SIGTERM) stops compare and sweep cleanly: the runs that finished are kept
	(sweep's in -dir, compare's in -out), and the same command run again does only the rest.
	It stops run too, which then writes no file and leaves no temporary one.

Flags of bench (WORKLOAD: names or patterns such as place-*; all of them with none):

	-list              list the workloads, one line each
	-cpuprofile FILE, -memprofile FILE  profile one workload

	Each workload runs in a process of its own; bench prints its events, placements, wall
	seconds, events and placements per second, and the process's peak resident memory.

Flags of explain:

	-first N           explain the first N placements (default 5)
	-task ID           explain only the placement that created task ID (e.g. web-3), or that
	                   placed it after it waited in PROVISIONING, then its road to RUNNING, each
	                   step at its simulated time with how long it took: created (by the service
	                   scheduler or RunTask), waiting for capacity (the capacity provider's
	                   ScaleOut events and the instance that registered and took it), placed
	                   (or launched on Fargate, and provisioned), its image (pulled, found
	                   cached, waited for a pull already under way, or refused by the registry),
	                   its containers started, RUNNING; or why it never got there (it stopped
	                   first, or was still pending when the run ended)
	-pending           instead of placements, list every task not yet RUNNING (PROVISIONING or
	                   PENDING) at the end of the run, by service and workload, each with what
	                   it waits for and since when (capacity from a provider, a Fargate launch,
	                   an image pull and when it is ready, its containers starting); and each
	                   service below its desired count with why the scheduler could not place
	                   the rest (its last placement failure, instances counted by filter)
	-at DURATION       with -pending, look at that moment instead, e.g. 90s or 1h30m: the run
	                   goes exactly as a full one up to it
	-deployments       instead of placements, follow every deployment pass by pass: what each
	                   pass started and stopped, what held the deployment after it (the floor,
	                   the ceiling, capacity, health checks, draining, the service throttle, or
	                   a deadlock) and how long each held it
	-seed, -strategy, -max-memory, -max-events   as for run

Flags of replay (the page is one HTML file that works offline, opened from disk: instances
by zone and capacity with the CPU, memory and GPUs their tasks reserve, a timeline with the
run's deployments, outages, Spot notices and scaling, the event list, counters, and for a task
clicked its placement decision and road, for a service its deployments; FILE.html#t=SECONDS
opens it at a time):

	-o FILE.html       where to write the page (required)
	-first N           keep the decisions of the run's first N placements (default 100)
	-service NAME      keep the decision of every placement of service NAME's tasks too
	-keep-events N     the page's budget of events (default 20000, at most 1000000)
	-keep-instances N  the page's budget of instances (default 2000, at most 1000000)
	-seed, -strategy, -set, -max-memory, -max-events   as for run

Past its budget a page says what it left out, and its view stops where its events stop; its
counters still count every event of the run (from a list of what the events left out changed of
them, 60,000 changes at most, then from samples), and its timeline keeps 5,000 marks of each
kind.

Flags of import (FILE...: what aws ecs describe-task-definition, describe-services,
describe-container-instances or describe-capacity-providers print, wrapped as the CLI prints
it or bare, or the --cli-input-json of register-task-definition or create-service; they are
merged into one scenario):

	-o FILE            write the scenario to FILE (default stdout)
	-name NAME         the scenario's name (default the first file's name without .json)
	-duration D        the scenario's duration (default 1h)

	The JSON fields ecssim does not model, and the guesses the import made (an Auto Scaling
	group's size, a target group's health check), are listed in a comment at the top. An
	instance type ecssim's catalog lacks is declared in [[instance_types]] with the CPU and
	memory its instances registered (registeredResources), with a note of what was assumed
	(its ENIs, no price). Bad JSON, an unknown type whose instances registered nothing, or a
	service whose task definition no file gives is reported at its file, line and column.

Flags of instance-types (each narrows the list; none lists the whole catalog):

	-family LIST       families, comma-separated, e.g. m7i,c7g
	-arch A            x86_64 or arm64
	-min-vcpu N        at least N vCPUs
	-min-memory M      at least M of memory: MiB ("16384") or GiB ("16 GiB", "16GB")
	-gpu               GPU types only
	-min-gpus N        at least N GPUs
	-format F          text (default: an aligned table) or json

	Each type's vCPUs, memory, ENIs, IPv4 addresses per ENI, awsvpc tasks without ENI
	trunking (max ENIs − 1) and with it (the ECS Developer Guide's table; "?" where EC2 calls
	the type trunking-compatible but the table does not list it, which ecssim runs without
	trunking), GPUs and us-east-1 Linux on-demand price.

Exit status: 0 on success, 1 when a run fails (an output cannot be written: the message
names it) or run, compare or sweep is interrupted, 2 for bad usage or bad input (a scenario, sweep or strategy file, a
JSON file to import, a result file merge cannot read, or an incomplete grid). Every message about a scenario names its file, line and column.
*/
package main

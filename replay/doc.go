// Package replay writes the replay page of a run: one self-contained HTML file that plays the
// run back in a browser, offline, with nothing to install. It shows the instances grouped by
// zone and capacity, each with the CPU, memory and GPUs its tasks reserve and its tasks as
// marks coloured by service and shaded by revision; a timeline with the run's deployments,
// zone outages, Spot notices and scaling; the event list; counters (running, pending, healthy
// against desired, a deployment's floor and ceiling, cost so far); and, for a task clicked,
// its placement decision in explain's words and its road from creation to RUNNING and STOPPED,
// or, for a service, its deployments pass by pass.
//
// A Recorder watches the run as an observer and through the placement hook
// (scenarios.Options.Placer), so a run recorded goes exactly as it would without it. It keeps
// a page within a Budget: the first instances to register, and the run's events up to a count.
// Past the budget the page says what it left out, and the view stops where the events stop;
// the counters still count every event, from a list of what the events left out changed of
// them (maxChanges at most, then from samples of the whole run), and the timeline keeps
// maxMarks marks of each kind. Memory is bounded the same way, whatever the run's length.
//
// Definitions the page uses, one home each: a task is running from TaskRunning to its
// TaskStopping (or TaskStopped), in the zone of its instance (a Fargate task's zone for Fargate),
// as the summary's per-zone counts have it; pending from TaskPlaced to TaskRunning; healthy from
// TaskHealthy to TaskUnhealthy or its stop. Resources are reserved from TaskPlaced to
// TaskStopped, as ECS holds them. Cost so far bills every EC2 instance from its launch and every
// Fargate task from its image pull, per second with a one-minute minimum once it ends
// (reports.Billed), so that at the run's end it is the summary's cost_usd.total.
package replay

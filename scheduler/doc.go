// Package scheduler is ecssim's placement: the ECS pipeline that picks a container instance for
// a task. In ECS's order (DG/task-placement):
//
//  1. resource fit: status ACTIVE, CPU, memory, explicit host ports, ENIs, required attributes;
//  2. constraints, which bind: memberOf (the cluster query language) and distinctInstance;
//  3. strategies, best effort, chained: each later strategy only chooses among the instances the
//     earlier ones left tied (binpack, spread, random, and any registered strategy);
//  4. choice: what every strategy left tied goes to the cluster's tie-break (models.TieBreak): a
//     uniform random draw from the service's or workload's own random stream (the default), or
//     the oldest instance.
//
// Pipeline implements models.Placer: Place; PlaceOn, the same filters against one instance, for
// DAEMON services; and ScaleIn, which task a service stops first by its strategies' scale-in
// rules, chained as placement chains them (see ScaleInScorer). Place's reference path scans
// every instance and can explain each decision; its fast path finds the same answer through
// Index, an ordered index of free capacity (per zone, or over the whole cluster for chains that
// search every zone at once), so placement at 100,000 instances does not look at every one,
// and draws uniformly through it in O(log n) (draw.go). Tests hold the two paths to the same
// answers and the same random draws. Spread reads a second index, levels: each group's
// instances ordered by its task count, and each attribute's values, kept per change through
// models.GroupWatcher, so that spread over instances (ECS's default chain for services ends in
// it) and over an attribute find their best instances at any fill without counting the
// group's instances, and the tie after spread over instances is drawn by position in its
// level (drawLevel) rather than by probing the fleet.
//
// To add a placement strategy, touch:
//
//   - names.go: its type name (and any new field name), as ECS's placementStrategy spells it;
//   - a file of its own, NAME.go: the type, with Name and Score (Strategy), a constructor that
//     checks the field, and, as the strategy needs them, ScaleInScore (ScaleInScorer: its
//     scale-in rule), Choose (Chooser: it picks rather than scores) and walk and keep
//     (indexWalker: it finds its winners by walking the Index, as binpack.go and spread.go
//     do; without it the fast path lists the feasible instances and scores them as the scan
//     does, same answers, slower; leadsByZone says whether, leading a chain, it searches a
//     group of zones at a time), and fewTies (tieOrder) if its ties, ending a chain, are the
//     instances at one free amount in an index order, which the tie-break then draws from
//     through the index (draw.go) rather than by sampling the pool;
//   - registry.go: its Entry, and a Preset if ECS documents a chain with it.
//
// The conformance suite (schedtest, run on every Entry and field) and equivalence_test.go, to
// which an indexWalker adds its chains, hold it to the pipeline's rules and the fast path to
// the scan. The limit on a chain's length, MaxStrategies, is checked in one place,
// CheckStrategyCount.
//
// scheduler imports models (and sim through it), never scenarios or reports.
package scheduler

// Package models is ecssim's ECS domain: the instance-type catalog, container instances with
// ECS's resource accounting, task definitions with ECS's charging rules, tasks and their
// lifecycle, services, standalone workloads, the cluster that holds them, and the controller
// (Simulation) that moves them through virtual time on a sim.Engine.
//
// models imports sim and nothing else of ecssim. It declares the two interfaces it needs from
// above: Placer (choose an instance for a task), implemented by the scheduler package, and
// Observer (be told what happened), implemented by the reports package.
//
// Accounting is integer: CPU in ECS units (1024 per vCPU), memory in MiB. A rule taken from
// ECS names its source (see ECS-REFERENCE.md for the shorthand: DG = ECS Developer Guide,
// agent = the amazon-ecs-agent repository). Impossible states (a task transition ECS never
// makes, releasing resources never allocated) are bugs and panic; bad input never reaches
// this package, because the scenarios package validates it first.
package models

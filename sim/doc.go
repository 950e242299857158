// Package sim is ecssim's discrete-event engine: integer virtual time, an event queue ordered
// by (time, priority, sequence), cancellation that frees an event's slot at once and drops its
// key from the queue later, and named random streams derived from one seed.
//
// The engine knows nothing about ECS. Higher packages schedule Handlers on it and draw random
// numbers from Streams. It imports the standard library only, so it can be tested and
// benchmarked on its own.
//
// Conventions:
//   - Time is an exact integer offset (a time.Duration) since the run started; equal means equal.
//   - Events at the same time run in increasing Priority, then in the order they were scheduled.
//   - Scheduling in the past, or with a negative delay, is a bug and panics.
//   - Every random draw comes from a stream named after its purpose, so adding draws in one
//     place never shifts the numbers another place sees.
package sim

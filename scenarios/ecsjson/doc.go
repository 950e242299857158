// Package ecsjson imports ECS JSON, as the AWS CLI prints it, into a scenario file.
//
// It reads the output of aws ecs describe-task-definition, describe-services,
// describe-container-instances and describe-capacity-providers, wrapped as the CLI prints it or
// bare, and the input of register-task-definition and create-service --cli-input-json. The
// format is the ECS API's: its data types are defined in the Amazon ECS API Reference
// (TaskDefinition, Service, ContainerInstance, CapacityProvider), and the CLI's wrappers in the
// AWS CLI Command Reference for each command. Import writes the scenario TOML that the
// scenarios package defines (go doc ./scenarios), and loads it with scenarios.Load before
// returning it, so a result always loads.
//
// A file is read whole, at most MaxFileBytes (16 MiB), and refused before parsing if its arrays
// and objects nest deeper than MaxDepth (64), number more than MaxObjects (200,000), or hold
// more than MaxElements (500,000) members and elements, where it goes past the limit.
//
// It is its own package because nothing but the import command needs it: scenarios does not
// import it, and it imports scenarios for the checks and problems it shares with a scenario
// file's validation.
package ecsjson

package scenarios

// ECS's rules for names, exported for the format packages beside this one (ecsjson), which
// check what they read as a scenario file's validation does, so that an import says what Load
// would say about the same value.

// ValidName reports whether s is an ECS name for a task definition family or a service:
// 1 to 255 letters, digits, hyphens and underscores.
func ValidName(s string) bool { return nameRE.MatchString(s) }

// ValidRegion reports whether s has the shape of an AWS region, such as us-east-1.
func ValidRegion(s string) bool { return regionRE.MatchString(s) }

// ValidAgentVersion reports whether s is an ECS agent version as the agent table takes it,
// such as 1.80.0.
func ValidAgentVersion(s string) bool { return versionRE.MatchString(s) }

// ClosestType (validate_fleet.go) is exported for ecsjson too.

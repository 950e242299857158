package scenarios

// The tables an EKS scenario may write in Kubernetes' own vocabulary (validate_native.go):
// node groups, Deployments, DaemonSets, Jobs and Fargate profiles, beside or instead of the ECS
// tables it also takes.

type nodeGroupFile struct {
	Name          str            `toml:"name"`
	InstanceTypes strs           `toml:"instance_types"`
	DesiredSize   integer        `toml:"desired_size"`
	MinSize       integer        `toml:"min_size"`
	MaxSize       integer        `toml:"max_size"`
	CapacityType  str            `toml:"capacity_type"`
	Zones         strs           `toml:"zones"`
	Labels        map[string]str `toml:"labels"`
	Taints        []taintFile    `toml:"taints"`
}

// podTemplateFile is a pod template: its containers and its scheduling, as a service's
// [kubernetes] table takes it (kubeFile, less rolling_update).
type podTemplateFile struct {
	Containers                []podContainerFile `toml:"containers"`
	NodeSelector              map[string]str     `toml:"node_selector"`
	Tolerations               []tolerationFile   `toml:"tolerations"`
	TopologySpreadConstraints []spreadFile       `toml:"topology_spread_constraints"`
	PodAffinity               []podAffinityFile  `toml:"pod_affinity"`
	PodAntiAffinity           []podAffinityFile  `toml:"pod_anti_affinity"`
	NodeAffinity              nodeAffinityFile   `toml:"node_affinity"`
}

type podContainerFile struct {
	Name     str                 `toml:"name"`
	Requests resourceListFile    `toml:"requests"`
	Limits   resourceListFile    `toml:"limits"`
	Ports    []containerPortFile `toml:"ports"`
}

// resourceListFile is a container's requests or limits, as Kubernetes quantities: cpu "500m"
// or "2", memory "512Mi" or "1G", and nvidia.com/gpu whole GPUs.
type resourceListFile struct {
	CPU    str     `toml:"cpu"`
	Memory str     `toml:"memory"`
	GPU    integer `toml:"nvidia.com/gpu"`
}

type containerPortFile struct {
	ContainerPort integer `toml:"container_port"`
	HostPort      integer `toml:"host_port"`
}

type kubeDeploymentFile struct {
	Name            str               `toml:"name"`
	Replicas        integer           `toml:"replicas"`
	MinReadySeconds integer           `toml:"min_ready_seconds"`
	Strategy        rollingUpdateFile `toml:"strategy"`
	Template        podTemplateFile   `toml:"template"`
}

type daemonSetFile struct {
	Name            str             `toml:"name"`
	MinReadySeconds integer         `toml:"min_ready_seconds"`
	Template        podTemplateFile `toml:"template"`
}

// jobFile is a stream of Jobs of one pod each, arriving and lasting as a workload's tasks do.
type jobFile struct {
	Name     str             `toml:"name"`
	Arrival  arrivalFile     `toml:"arrival"`
	Duration distFile        `toml:"duration"`
	Template podTemplateFile `toml:"template"`
}

// fargateProfileFile selects the Deployments and Jobs whose pods run on Fargate, by the app
// label their pods carry (their name).
type fargateProfileFile struct {
	Name      str                   `toml:"name"`
	Selectors []fargateSelectorFile `toml:"selectors"`
}

type fargateSelectorFile struct {
	App str `toml:"app"`
}

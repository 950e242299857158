// Package tracefile reads the CSV files a scenario names: traces of tasks to replay, and
// lists of nodes to register.
//
// Both are CSV (RFC 4180, as encoding/csv reads it) with a header row naming the columns. A
// trace is either the pod list of Alibaba's cluster-trace-gpu-v2023 (Openb; the format is
// defined in alibaba/clusterdata, cluster-trace-gpu-v2023/README.md) or any CSV whose columns
// and units a Mapping names (the scenario's columns, time_unit, cpu_unit and memory_unit
// keys, documented in package scenarios). A node list is that trace's node list
// (openb_node_list_*.csv, same README).
//
// Open reads the header; Table.Trace and Table.Nodes read the rows. Every problem is reported
// through a Reporter as it is found: at its line and column in the file, or, for what is wrong
// with the file as a whole (a column it lacks, no rows), to be placed where the file is named.
// A file stops being read after 20 problems.
//
// It is a package of its own so that each format has one home; package scenarios imports it
// and turns rows into tasks and nodes into instances. It imports models for a row's GPU
// request, and never scenarios.
package tracefile

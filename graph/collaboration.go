package graph

// CollaborationStore traces how cities collaborate, through grants, projects, events
// and networks, and computes the dashboards' breakdowns.
type CollaborationStore interface {
}

package model

// The entity wrappers are generated (entities_gen.go); what GraphQL adds on top of the
// table is declared here.

// IsCollaborative marks a Grant as something cities collaborate through.
func (*Grant) IsCollaborative() {}

// IsCollaborative marks a Project as something cities collaborate through.
func (*Project) IsCollaborative() {}

// IsCollaborative marks an Event as something cities collaborate through.
func (*Event) IsCollaborative() {}

// IsCollaborative marks a Network as something cities collaborate through.
func (*Network) IsCollaborative() {}

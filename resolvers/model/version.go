package model

// The version every entity exposes, for optimistic concurrency: editors read it and
// pass it back as an update's expectedVersion.

// GetVersion returns the graph version of the last write that touched the assessment.
func (e *Assessment) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the city.
func (e *City) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the country.
func (e *Country) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the event.
func (e *Event) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the grant.
func (e *Grant) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the index report.
func (e *IndexReport) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the network.
func (e *Network) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the organisation.
func (e *Organisation) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the person.
func (e *Person) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the practice.
func (e *Practice) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the project.
func (e *Project) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the publication.
func (e *Publication) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the source.
func (e *Source) GetVersion() int { return int(e.Node.Version) }

// GetVersion returns the graph version of the last write that touched the theme.
func (e *Theme) GetVersion() int { return int(e.Node.Version) }

package model

// GetID methods give each link the id of the entity it leads to, so a relationship
// list can start a page after a given entity.

// GetID returns the id of the linked city.
func (l *CityLink) GetID() string { return l.City.ID }

// GetID returns the id of the linked network.
func (l *NetworkLink) GetID() string { return l.Network.ID }

// GetID returns the id of the linked organisation.
func (l *OrganisationLink) GetID() string { return l.Organisation.ID }

// GetID returns the id of the linked person.
func (l *PersonLink) GetID() string { return l.Person.ID }

// GetID returns the id of the linked practice.
func (l *PracticeLink) GetID() string { return l.Practice.ID }

// GetID returns the id of the linked grant.
func (l *GrantLink) GetID() string { return l.Grant.ID }

// GetID returns the id of the linked project.
func (l *ProjectLink) GetID() string { return l.Project.ID }

// GetID returns the id of the linked event.
func (l *EventLink) GetID() string { return l.Event.ID }

// GetID returns the id of the linked publication.
func (l *PublicationLink) GetID() string { return l.Publication.ID }

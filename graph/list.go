package graph

// ListStore answers the API's paged, filtered and sorted lists.
// Its methods are declared alongside their query types below.
type ListStore interface {
}

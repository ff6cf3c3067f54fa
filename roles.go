package runscope

// RolesService manages a team's roles: named sets of permissions assigned
// to people.
type RolesService service

// GroupsService manages a team's groups: sets of people and the buckets
// they may access.
type GroupsService service

// Package auth knows who a user is and what they may do: users, passwords, roles, the
// authorization policy, login throttling and invitations.
package auth

// Role is what a user does in the system. A user has one or more.
type Role string

const (
	Caseworker    Role = "caseworker"    // pracovník OSPOD
	Head          Role = "head"          // vedoucí OSPOD: head of an office's OSPOD
	Methodologist Role = "methodologist" // metodik KÚ: scoped to the region of their office
	Coordinator   Role = "coordinator"   // síťař/síťařka: network coordinator, scoped to the region
	Admin         Role = "admin"         // administrator of the whole portal
	// Guide: průvodce změnou, who facilitates learning and prototyping in the pilot offices of
	// the innovation nest; scoped to the region.
	Guide Role = "guide"
)

// Roles lists every role in display order.
var Roles = []Role{Caseworker, Head, Methodologist, Coordinator, Guide, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Permission names something a user may do. Routes and store methods ask for permissions,
// never for roles, so the mapping lives in one table.
type Permission string

const (
	ViewDirectory Permission = "directory.view" // regions, offices, people
	ManageOffices Permission = "offices.manage" // add and edit offices
	ManageUsers   Permission = "users.manage"   // invite users, change roles
	// OrganiseMeetings: create meetings (of one's own region; administrators of any region).
	OrganiseMeetings Permission = "meetings.organise"
	// ManageFeedback: build feedback forms and read their results (of one's own region).
	ManageFeedback Permission = "feedback.manage"
	// Oversee: plan and perform inspections, verify remedial measures, visit offices and answer
	// methodological questions, all of one's own region.
	Oversee Permission = "oversight.manage"
	// EditStandards: edit the texts of the quality standards' criteria.
	EditStandards Permission = "standards.edit"
	// Accompany: the innovation nest's work with offices of one's own region: offer tools,
	// record guide visits and development topics, promote tools up to "validated".
	Accompany Permission = "nest.accompany"
)

// grants is the one place that maps roles to permissions.
var grants = map[Role][]Permission{
	Caseworker:    {ViewDirectory},
	Head:          {ViewDirectory},
	Methodologist: {ViewDirectory, OrganiseMeetings, ManageFeedback, Oversee, Accompany},
	Coordinator:   {ViewDirectory, OrganiseMeetings, ManageFeedback},
	Guide:         {ViewDirectory, Accompany},
	Admin:         {ViewDirectory, ManageOffices, ManageUsers, OrganiseMeetings, ManageFeedback, EditStandards},
}

// User is an authenticated person with what the layout shows about them.
type User struct {
	ID         int64  `db:"id"`
	Email      string `db:"email"`
	Name       string `db:"name"`
	OfficeID   int64  `db:"office_id"`
	OfficeName string `db:"office_name"`
	RegionID   int16  `db:"region_id"`
	RegionName string `db:"region_name"`
	Roles      []Role `db:"roles"`
	Lang       string `db:"lang"`
	// SessionVersion changes with the password: a session made before it is signed out.
	SessionVersion int32 `db:"session_version"`
}

// Has reports whether u has role r.
func (u *User) Has(r Role) bool {
	if u == nil {
		return false
	}
	for _, x := range u.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Can reports whether u holds permission p through any of their roles.
func (u *User) Can(p Permission) bool {
	if u == nil {
		return false
	}
	for _, r := range u.Roles {
		for _, g := range grants[r] {
			if g == p {
				return true
			}
		}
	}
	return false
}

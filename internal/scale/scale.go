// Package scale fills an empty, migrated database with synthetic data at national volume (or
// any other size) for benchmarks: offices of all 14 regions, their people, practice notes with
// versions, meetings with topics and votes, feedback, inspections, questions and the nest.
// Everything is written with COPY.
package scale

// Domain is the e-mail domain of every generated account.
const Domain = "scale.hnizdo.test"

// Password is every generated account's password: the data is synthetic and loopback only.
const Password = "hnizdo-scale-heslo"

// Sizes says how much of everything to make.
type Sizes struct {
	Offices     int // offices in all, the reference data's included (≈ 220 for the country)
	Users       int
	Notes       int // practice notes, each with two or three versions
	Meetings    int
	Topics      int // topics proposed for meetings
	Votes       int // votes on topics
	Answers     int // feedback answers
	Inspections int
	Findings    int // findings; measures are made from some of them
	Questions   int
	Seed        int64
}

// National is ten times today's national volume.
func National() Sizes {
	return Sizes{Offices: 220, Users: 5000, Notes: 100_000, Meetings: 3000, Topics: 30_000, Votes: 300_000,
		Answers: 200_000, Inspections: 10_000, Findings: 100_000, Questions: 20_000, Seed: 1}
}

// Tiny is enough of everything for every page to have something to show, loaded in seconds.
func Tiny() Sizes {
	return Sizes{Offices: 110, Users: 300, Notes: 500, Meetings: 30, Topics: 300, Votes: 2000,
		Answers: 2000, Inspections: 60, Findings: 600, Questions: 200, Seed: 1}
}

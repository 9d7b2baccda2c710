package review

import (
	"fmt"
	"math"
)

// This file is FSRS-6, the Free Spaced Repetition Scheduler (as in Anki since 23.10), written
// from the formulas of the reference implementation, open-spaced-repetition/fsrs-rs
// (src/model.rs: power_forgetting_curve, next_interval, init_stability, init_difficulty,
// next_difficulty, mean_reversion, stability_after_success, stability_after_failure,
// stability_short_term, step). Its memory model has two numbers per card: the stability S
// (days until the chance of recalling it falls to 90%) and the difficulty D (1..10).

// Rating is the grade given to a card: how well the user recalled it.
type Rating int

const (
	Again Rating = 1 // forgotten: back the same session
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

// Ratings lists the four grades in order.
var Ratings = []Rating{Again, Hard, Good, Easy}

func (g Rating) String() string {
	switch g {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("grade(%d)", int(g))
}

// ParseRating reads "again", "hard", "good" or "easy" (or 1-4).
func ParseRating(s string) (Rating, error) {
	for _, g := range Ratings {
		if s == g.String() || s == fmt.Sprint(int(g)) {
			return g, nil
		}
	}
	return 0, fmt.Errorf("no grade %q (want again, hard, good or easy)", s)
}

// Valid reports whether g is one of the four grades.
func (g Rating) Valid() bool { return g >= Again && g <= Easy }

// Params are FSRS-6's 21 weights, w[0]..w[20].
type Params [21]float64

// DefaultParams are FSRS-6's default weights, fsrs-rs's DEFAULT_PARAMETERS (src/inference.rs,
// fsrs 6.6.1; the same as py-fsrs 6's): fitted on many Anki collections. A user's own would
// need an optimiser run over their review log, which a few highlights a day do not feed.
var DefaultParams = Params{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
	1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

// ParamsFromFSRS5 makes FSRS-6 weights of FSRS-5's 19, as fsrs-rs does
// (check_and_fill_parameters): no short-term stability damping (w19 = 0) and FSRS-5's fixed
// decay of 0.5.
func ParamsFromFSRS5(w [19]float64) Params {
	var p Params
	copy(p[:], w[:])
	p[19], p[20] = 0, 0.5
	return p
}

// The bounds fsrs-rs keeps stability and difficulty within (src/simulation.rs).
const (
	minStability  = 0.001
	maxStability  = 36500
	minDifficulty = 1
	maxDifficulty = 10
)

// Memory is a card's memory state. The zero Memory is a card never graded.
type Memory struct {
	Stability  float64 // days until recall falls to 90%
	Difficulty float64 // 1 (easy) .. 10 (hard)
}

// New reports whether the card was never graded.
func (m Memory) New() bool { return m.Stability == 0 }

func (w *Params) factor() float64 {
	decay := -w[20]
	return math.Pow(0.9, 1/decay) - 1
}

// Retrievability is the chance of recalling a card of stability s, elapsed days after its
// last review: FSRS-6's power forgetting curve, 90% when elapsed == s.
func (w *Params) Retrievability(elapsed, s float64) float64 {
	return math.Pow(elapsed/s*w.factor()+1, -w[20])
}

// Interval is the number of days (not rounded) after which a card of stability s falls to
// the desired retention.
func (w *Params) Interval(s, desiredRetention float64) float64 {
	return s / w.factor() * (math.Pow(desiredRetention, 1/(-w[20])) - 1)
}

func (w *Params) initStability(g Rating) float64 { return w[g-1] }

func (w *Params) initDifficulty(g Rating) float64 {
	return w[4] - math.Exp(w[5]*float64(g-1)) + 1
}

// nextDifficulty is the difficulty after grade g, before mean reversion: linear damping
// makes it move less the nearer it is to 10.
func (w *Params) nextDifficulty(d float64, g Rating) float64 {
	delta := -w[6] * float64(g-3)
	return d + (10-d)*delta/9
}

func (w *Params) meanReversion(d float64) float64 {
	return w[7]*(w.initDifficulty(Easy)-d) + d
}

func (w *Params) stabilityAfterSuccess(s, d, r float64, g Rating) float64 {
	hardPenalty, easyBonus := 1.0, 1.0
	if g == Hard {
		hardPenalty = w[15]
	}
	if g == Easy {
		easyBonus = w[16]
	}
	return s * (math.Exp(w[8])*(11-d)*math.Pow(s, -w[9])*(math.Exp((1-r)*w[10])-1)*hardPenalty*easyBonus + 1)
}

func (w *Params) stabilityAfterFailure(s, d, r float64) float64 {
	newS := w[11] * math.Pow(d, -w[12]) * (math.Pow(s+1, w[13]) - 1) * math.Exp((1-r)*w[14])
	return math.Min(newS, s/math.Exp(w[17]*w[18]))
}

// stabilityShortTerm is the stability after a review the same day as the last one.
func (w *Params) stabilityShortTerm(s float64, g Rating) float64 {
	sinc := math.Exp(w[17]*(float64(g)-3+w[18])) * math.Pow(s, -w[19])
	if g >= Hard {
		sinc = math.Max(sinc, 1)
	}
	return s * sinc
}

// Step is the memory state after grading a card elapsed whole days after its last review
// (0: the same day). A new card (the zero Memory) starts from the grade's initial state.
func (w *Params) Step(m Memory, elapsed float64, g Rating) Memory {
	if m.New() {
		return Memory{
			Stability:  clamp(w.initStability(g), minStability, maxStability),
			Difficulty: clamp(w.initDifficulty(g), minDifficulty, maxDifficulty),
		}
	}
	s := clamp(m.Stability, minStability, maxStability)
	d := clamp(m.Difficulty, minDifficulty, maxDifficulty)
	r := w.Retrievability(elapsed, s)
	var newS float64
	switch {
	case elapsed == 0:
		newS = w.stabilityShortTerm(s, g)
	case g == Again:
		newS = w.stabilityAfterFailure(s, d, r)
	default:
		newS = w.stabilityAfterSuccess(s, d, r, g)
	}
	newD := clamp(w.meanReversion(w.nextDifficulty(d, g)), minDifficulty, maxDifficulty)
	return Memory{Stability: clamp(newS, minStability, maxStability), Difficulty: newD}
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// Scheduler turns memory states into due dates.
type Scheduler struct {
	Params           Params
	DesiredRetention float64 // the chance of recall a card is due at: 0.9
	MaximumInterval  int     // days: 36500
}

// DefaultScheduler is FSRS-6 with its default weights, 90% desired retention and intervals
// of at most a hundred years, as py-fsrs's Scheduler() has them.
var DefaultScheduler = Scheduler{Params: DefaultParams, DesiredRetention: 0.9, MaximumInterval: 36500}

// Outcome is what a grade does to a card.
type Outcome struct {
	Memory Memory
	Days   int // until the card is due again; 0 for Again: the same session
}

// Next says what each grade would do to a card with memory m, elapsed days after its last
// review, indexed by grade (Next(...)[Good]). Again brings the card back the same day; the
// others schedule it days away, each grade further than the one before: hard < good < easy
// (made strict as py-fsrs and ts-fsrs do when the formulas land on the same day).
func (s Scheduler) Next(m Memory, elapsed int) [5]Outcome {
	var out [5]Outcome
	for _, g := range Ratings {
		out[g].Memory = s.Params.Step(m, float64(elapsed), g)
	}
	days := func(st float64) int {
		ivl := int(math.Round(s.Params.Interval(st, s.DesiredRetention)))
		return max(1, min(ivl, s.MaximumInterval))
	}
	hard, good, easy := days(out[Hard].Memory.Stability), days(out[Good].Memory.Stability), days(out[Easy].Memory.Stability)
	hard = min(hard, good)
	good = max(good, hard+1)
	easy = max(easy, good+1)
	out[Hard].Days, out[Good].Days, out[Easy].Days = hard, good, easy
	return out
}

package review

import (
	"math"
	"testing"
)

// The expected values in this file are the reference implementation's own test values:
// open-spaced-repetition/fsrs-rs (the crate `fsrs` 6.6.1, commit 0cbb9d3c8fbd), its tests
// in src/model.rs (test_power_forgetting_curve, test_next_difficulty, test_next_stability)
// and src/inference.rs (test_memory_state, test_next_interval, test_memo_state,
// test_next_states, test_current_retrievability). fsrs-rs computes in float32, so the
// comparisons allow a relative error of 1e-5.

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-5*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.7g, want %.7g (fsrs-rs)", what, got, want)
	}
}

// fsrs5Test are the 19 FSRS-5 weights of fsrs-rs's inference tests (PARAMETERS in
// src/inference.rs), which it fills up to 21 with w19 = 0 and a decay of 0.5.
var fsrs5Test = ParamsFromFSRS5([19]float64{
	0.6845422, 1.6790825, 4.7349424, 10.042885, 7.4410233, 0.64219797, 1.071918, 0.0025195254,
	1.432437, 0.1544, 0.8692766, 2.0696752, 0.0953, 0.2975, 2.4691248, 0.19542035, 3.201072,
	0.18046261, 0.121442534,
})

func TestForgettingCurve(t *testing.T) {
	w := DefaultParams
	// fsrs-rs src/model.rs test_power_forgetting_curve.
	elapsed := []float64{0, 1, 2, 3, 4, 5}
	stability := []float64{1, 2, 3, 4, 4, 2}
	want := []float64{1.0, 0.9403443, 0.9253786, 0.9185229, 0.9, 0.8261359}
	for i := range want {
		near(t, "retrievability", w.Retrievability(elapsed[i], stability[i]), want[i])
	}
	// fsrs-rs src/inference.rs test_current_retrievability: decay 0.2, stability 1.
	w[20] = 0.2
	for i, want := range []float64{1.0, 0.9, 0.84028935, 0.7985001} {
		near(t, "retrievability (decay 0.2)", w.Retrievability(float64(i), 1), want)
	}
}

func TestNextInterval(t *testing.T) {
	w := DefaultParams
	// fsrs-rs src/inference.rs test_next_interval: stability 1, desired retention 0.1..1.0,
	// rounded, at least 1.
	want := []int{3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1}
	for i, want := range want {
		r := float64(i+1) / 10
		got := int(max(1, math.Round(w.Interval(1, r))))
		// float32 rounding in fsrs-rs moves the largest by a few days in three million.
		if math.Abs(float64(got-want)) > 1e-5*float64(want) {
			t.Errorf("interval(S=1, r=%.1f) = %d, want %d", r, got, want)
		}
	}
	// At 90% the interval is the stability (test_next_states: 121.01552 → 121.01551).
	near(t, "interval(121.01552, 0.9)", w.Interval(121.01552, 0.9), 121.01551)
}

func TestNextDifficulty(t *testing.T) {
	w := DefaultParams
	// fsrs-rs src/model.rs test_next_difficulty: D = 5, grades 1..4.
	before := []float64{8.354889, 6.6774445, 5.0, 3.3225555}
	after := []float64{8.341763, 6.6659956, 4.990228, 3.3144615}
	for i, g := range Ratings {
		d := w.nextDifficulty(5, g)
		near(t, "next difficulty "+g.String(), d, before[i])
		near(t, "mean-reverted difficulty "+g.String(), w.meanReversion(d), after[i])
	}
}

func TestNextStability(t *testing.T) {
	w := DefaultParams
	// fsrs-rs src/model.rs test_next_stability: S = 5; success with D = grade and
	// R = 0.9, 0.8, 0.7, 0.6; failure with D = 1..4 and the same R; short-term by grade.
	retrievability := []float64{0.9, 0.8, 0.7, 0.6}
	recall := []float64{25.602541, 28.226582, 58.656002, 127.226685}
	forget := []float64{1.0525396, 1.1894329, 1.3680838, 1.584989}
	shortTerm := []float64{1.596818, 5.0, 5.0, 8.12961}
	for i, g := range Ratings {
		d := float64(i + 1)
		near(t, "stability after success", w.stabilityAfterSuccess(5, d, retrievability[i], g), recall[i])
		near(t, "stability after failure", w.stabilityAfterFailure(5, d, retrievability[i]), forget[i])
		near(t, "short-term stability", w.stabilityShortTerm(5, g), shortTerm[i])
	}
}

// replay grades a new card with grades[i] elapsed[i] days after the grade before.
func replay(w *Params, grades []Rating, elapsed []float64) Memory {
	var m Memory
	for i, g := range grades {
		m = w.Step(m, elapsed[i], g)
	}
	return m
}

func TestMemoryState(t *testing.T) {
	// fsrs-rs src/inference.rs test_memory_state: again, then good five times, after 0, 0, 1,
	// 3, 8 and 21 days, with the default weights, then with short-term damping frozen.
	grades := []Rating{Again, Good, Good, Good, Good, Good}
	elapsed := []float64{0, 0, 1, 3, 8, 21}
	w := DefaultParams
	m := replay(&w, grades, elapsed)
	near(t, "stability", m.Stability, 53.62691)
	near(t, "difficulty", m.Difficulty, 6.3574867)
	w[17], w[18], w[19] = 0, 0, 0
	m = replay(&w, grades, elapsed)
	near(t, "stability (no short-term)", m.Stability, 53.335106)
	near(t, "difficulty (no short-term)", m.Difficulty, 6.3574867)
}

func TestMemoryStateFSRS5(t *testing.T) {
	// fsrs-rs src/inference.rs test_memo_state, FSRS-5 weights: again, then good after 1, 3,
	// 8 and 21 days.
	m := replay(&fsrs5Test, []Rating{Again, Good, Good, Good, Good}, []float64{0, 1, 3, 8, 21})
	near(t, "stability", m.Stability, 31.722992)
	near(t, "difficulty", m.Difficulty, 7.382128)
	m = fsrs5Test.Step(Memory{Stability: 20.925528, Difficulty: 7.005062}, 21, Good)
	near(t, "stability after good", m.Stability, 40.87456)
	near(t, "difficulty after good", m.Difficulty, 6.9913807)

	// test_next_states: after again, good +1, good +3, good +8, each grade 21 days later.
	base := replay(&fsrs5Test, []Rating{Again, Good, Good, Good}, []float64{0, 1, 3, 8})
	want := map[Rating]Memory{
		Again: {2.9691455, 8.000659},
		Hard:  {17.091452, 7.6913934},
		Good:  {31.722992, 7.382128},
		Easy:  {71.7502, 7.0728626},
	}
	for _, g := range Ratings {
		m := fsrs5Test.Step(base, 21, g)
		near(t, g.String()+" stability", m.Stability, want[g].Stability)
		near(t, g.String()+" difficulty", m.Difficulty, want[g].Difficulty)
		// At 90% retention the interval is the stability.
		near(t, g.String()+" interval", fsrs5Test.Interval(m.Stability, 0.9), want[g].Stability)
	}
}

func TestGradesOrder(t *testing.T) {
	s := DefaultScheduler
	cards := []struct {
		m       Memory
		elapsed int
	}{
		{Memory{}, 0},
		{Memory{2.3, 5.3}, 2},
		{Memory{0.5, 9.9}, 1},
		{Memory{10, 1}, 0},
		{Memory{300, 5}, 400},
		{Memory{36000, 5}, 30000},
	}
	for _, c := range cards {
		out := s.Next(c.m, c.elapsed)
		if out[Again].Days != 0 {
			t.Errorf("%+v: again due in %d days, want the same session", c, out[Again].Days)
		}
		if !(out[Hard].Days >= 1 && out[Hard].Days < out[Good].Days && out[Good].Days < out[Easy].Days) {
			t.Errorf("%+v: hard %d, good %d, easy %d days: want 1 <= hard < good < easy", c,
				out[Hard].Days, out[Good].Days, out[Easy].Days)
		}
	}
	// A new card: the default weights' initial stabilities at 90% retention.
	out := s.Next(Memory{}, 0)
	if out[Hard].Days != 1 || out[Good].Days != 2 || out[Easy].Days != 8 {
		t.Errorf("new card: hard %d, good %d, easy %d days; want 1, 2, 8", out[Hard].Days, out[Good].Days, out[Easy].Days)
	}
}

func TestGoodAlwaysGrows(t *testing.T) {
	// A card graded good every time it is due is due further away each time.
	s := DefaultScheduler
	var m Memory
	elapsed, last := 0, 0
	for i := 0; i < 15; i++ {
		out := s.Next(m, elapsed)[Good]
		if out.Days < last {
			t.Fatalf("review %d: good due in %d days after %d", i, out.Days, last)
		}
		m, elapsed, last = out.Memory, out.Days, out.Days
	}
	if last < 365 {
		t.Errorf("after 15 goods the interval is %d days", last)
	}
}

func TestParseRating(t *testing.T) {
	for _, g := range Ratings {
		if p, err := ParseRating(g.String()); err != nil || p != g {
			t.Errorf("ParseRating(%q) = %v, %v", g.String(), p, err)
		}
	}
	if _, err := ParseRating("meh"); err == nil {
		t.Error("ParseRating(meh) = nil error")
	}
}

package ui

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestAutosaverRetriesAfterFailure(t *testing.T) {
	var mu sync.Mutex
	stored := map[int64]string{}
	fail := true
	s := newAutosaver(time.Hour, func(id int64, text string) error {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return errors.New("disk full")
		}
		stored[id] = text
		return nil
	}, nil, nil)
	s.Changed(1, "draft")
	s.Flush()
	if !s.Pending() {
		t.Fatal("a failed save was dropped")
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	s.Flush()
	if s.Pending() || stored[1] != "draft" {
		t.Fatalf("after retry: pending=%v stored=%q", s.Pending(), stored[1])
	}
}

func TestAutosaverKeepsNewestText(t *testing.T) {
	var got []string
	s := newAutosaver(time.Hour, func(id int64, text string) error { got = append(got, text); return nil }, nil, nil)
	s.Changed(1, "a")
	s.Changed(1, "ab")
	s.Flush()
	if len(got) != 1 || got[0] != "ab" {
		t.Fatalf("saved %q, want only the newest text", got)
	}
}

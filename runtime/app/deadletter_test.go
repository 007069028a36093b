package app

import "testing"

func TestDeadLetterTopic(t *testing.T) {
	for _, tt := range []struct {
		v        string
		kafkaJob bool
		topic    string
		isTopic  bool
	}{
		{"orders_dlq", true, "orders_dlq", true},
		{"orders_dlq", false, "", false},
		{"errors.jsonl", true, "", false},
		{"out/errors", true, "", false},
		{"kafka:errors.v1", false, "errors.v1", true},
		{"file:orders_dlq", true, "", false},
		{"", true, "", false},
	} {
		topic, ok := deadLetterTopic(tt.v, tt.kafkaJob)
		if ok != tt.isTopic || ok && topic != tt.topic {
			t.Errorf("deadLetterTopic(%q, %v) = %q, %v; want %q, %v", tt.v, tt.kafkaJob, topic, ok, tt.topic, tt.isTopic)
		}
	}
}

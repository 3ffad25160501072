"""A small library for the pytest plugin's test (tests/python)."""


def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


def word_counts(text):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def top_words(text, k):
    counts = word_counts(text)
    return sorted(counts, key=lambda w: (-counts[w], w))[:k]

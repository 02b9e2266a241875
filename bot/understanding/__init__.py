"""Understanding a question: text clean-up, the lexicon of names, retrieval and intent detection."""

"""rolebot core: platform-agnostic answering over the curated knowledge base."""

"""The verbs users perform, combining the domain, the store and the reports."""

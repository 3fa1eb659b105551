"""The cross-cutting kernel every app may use and that imports no app: long work (Job),
design-system form rendering and template tags, view helpers, spreadsheets in and out,
charts and the mailer."""

"""The alert's timeline: what the vault's items say, in order (docs/timeline.md).

Chat exports read into messages (imports, with relais.chatexports), the text read in images
(ocr), captured links (links), who is who (services.set_roles), corrected dates, the synthesis
(selectors.timeline_for), and the staff pages that show them (views). The files themselves are
the vault's (relais.evidence); this app reads them and never changes them.
"""

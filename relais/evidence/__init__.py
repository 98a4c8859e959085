"""The evidence vault (docs/evidence.md): "evidence" is the vault, and only the vault.

Files come in streamed (uploads, intake, sniff), are checked (guards, pdfcheck), sealed (crypto)
and stored (storage) with their metadata kept apart (metadata) and working copies made without
it; services writes items, copies and shares with their proof entries and audit rows; access
decides who sees what; maintenance and its commands purge leftovers and rotate the key.

What is read out of the files (chat messages, the text of images, captured links, who is who,
the synthesis) is the timeline's (relais.timeline), and the chat-export parsers are a library of
their own (relais.chatexports).
"""

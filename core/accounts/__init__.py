"""Accounts on the public site: sign-in, sign-up with e-mail verification, invitations by
staff (forum members, collectors, moderators), "Mi cuenta", and deletion with anonymisation.

Built on Django's own auth views and forms (password reset, change, session handling) plus
django-axes for brute-force lockouts; only what Django lacks (sign-up, invitations, the
account page) is written here.
"""

from alongside.accounts import idle


def session_timeout(request):
    # Seconds left is worked out only on pages that show the warning (signed-in ones).
    return {
        "session_idle_timeout": idle.timeout_seconds(),
        "session_idle_seconds_left": lambda: idle.seconds_left(request.session),
    }

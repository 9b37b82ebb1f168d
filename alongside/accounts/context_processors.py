from alongside.accounts import idle


def session_timeout(request):
    return {"session_idle_timeout": idle.timeout_seconds()}

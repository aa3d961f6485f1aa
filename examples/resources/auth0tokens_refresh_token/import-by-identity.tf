import {
  to = auth0tokens_refresh_token.ci_runner
  identity = {
    id = "rt_alice_1"
  }
}

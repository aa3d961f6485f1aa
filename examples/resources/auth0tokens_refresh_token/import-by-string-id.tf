import {
  to = auth0tokens_refresh_token.ci_runner
  id = "rt_alice_1"
}

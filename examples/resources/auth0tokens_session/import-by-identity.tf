import {
  to = auth0tokens_session.laptop
  identity = {
    id = "sess_alice_1"
  }
}

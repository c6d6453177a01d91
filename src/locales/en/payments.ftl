# Money in: top-ups (Telegram Stars, payment provider, receipts), referrals, promo codes.
# HTML parse mode; variables holding names or user text are HTML-escaped by the code.
# Keys ending in -plain are shown by Telegram itself (pre-checkout errors): plain text, no HTML.

btn-topup = ➕ Top up
cmd-topup = Top up your balance
cmd-referrals = Invite friends and earn
cmd-paysupport = Help with a payment

topup-menu =
    <b>Top up your balance</b>
    Your balance: <b>{ $balance }</b>
topup-stars-rate = ⭐ Telegram Stars: 1 Star = { $rate }
topup-choose = Choose how to pay:
topup-none = Top-ups are not available right now. Please contact the shop's admin.
btn-stars-preset = ⭐ { $stars } → { $amount }
btn-stars-custom = ⭐ Another number of Stars
btn-provider = 💳 Pay by card
btn-receipt = 🧾 Card / wallet transfer
btn-never-mind = ✖️ Never mind
topup-left = OK, nothing was started.

stars-ask-amount = How many Stars? Send a whole number from 1 to { $max }. 1 Star = { $rate }.
stars-bad-amount = Please send a whole number of Stars from 1 to { $max }.
provider-ask-amount = How much do you want to add? Send the amount in { $currency }, for example 50000.
provider-bad-amount = Please send an amount like 50000 or 12.50.
invoice-title = Balance top-up
invoice-stars-description = { $amount } to your balance in this shop, for { $stars } Stars.
invoice-provider-description = { $amount } to your balance in this shop.
invoice-label = Balance top-up
invoice-failed = The payment could not be prepared. Please try another amount, or try again later.
invoice-sent = Pay the invoice above; your balance is credited as soon as Telegram confirms the payment.

precheckout-malformed-plain = This invoice is not valid any more. Please request a new one with /topup.
precheckout-foreign-plain = This invoice was made for another account. Please request your own with /topup.
precheckout-banned-plain = Your access to this shop has been restricted.
precheckout-disabled-plain = This payment method is not available right now.
precheckout-changed-plain = The price has changed. Please request a new invoice with /topup.

payment-duplicate = This payment is already credited to your balance. Your balance: <b>{ $balance }</b>
payment-uncredited = Your payment was received. An admin will credit it to your balance shortly.

notice-payment-credited = ✅ Payment received: <b>{ $amount }</b> added to your balance. Balance: <b>{ $balance }</b>
notice-receipt-approved = ✅ Top-up request #{ $id } is approved: <b>{ $amount }</b> added to your balance. Balance: <b>{ $balance }</b>
notice-receipt-rejected =
    ❌ Top-up request #{ $id } ({ $amount }) was not approved.
    Reason: { $reason }
notice-referral-bonus = 🎁 Referral bonus: <b>{ $amount }</b> for a top-up by someone you invited. Balance: <b>{ $balance }</b>
notice-referral-clawback = ↩️ A top-up by someone you invited was refunded, so its referral bonus of <b>{ $amount }</b> was taken back. Balance: <b>{ $balance }</b>
notice-stars-refunded = ↩️ Your payment of { $stars } Stars was refunded; { $amount } was taken from your balance. Balance: <b>{ $balance }</b>
notice-card-refunded = ↩️ Your card payment #{ $id } was refunded; { $amount } was taken from your balance. Balance: <b>{ $balance }</b>
notice-admin-payment =
    💰 Payment #{ $id }: { $user } paid { $paid }; credited { $credited }.
    Charge id: <code>{ $charge }</code>
notice-admin-payment-uncredited =
    ⚠️ Payment #{ $id }: { $user } paid { $paid }, but it could not be credited automatically (that payment method is off, or the invoice was not ours). Credit it by hand or refund it.
    Charge id: <code>{ $charge }</code>
btn-refund = ↩️ Refund

paysupport-text =
    <b>Help with a payment</b>
    If a payment did not reach your balance, or you want to ask for a refund, send /paysupport followed by what happened, for example:
    <code>/paysupport I paid 100 Stars at 14:05 and my balance did not change</code>
    The shop's admins answer here. Stars payments can be refunded while the credited amount is still on your balance.
paysupport-sent = Thank you. Your message was sent to the shop's admins; they will answer you here.
paysupport-admin = 🆘 Payment support request from { $user }:

receipt-instructions =
    <b>Card / wallet transfer</b>
    { $instructions }

    After paying, send the amount you transferred in { $currency }, for example 50000.
receipt-bad-amount = Please send the amount you transferred, like 50000 or 12.50.
receipt-ask-file = Now send a photo or a PDF of the receipt for <b>{ $amount }</b>.
receipt-send-file = Please send the receipt as a photo or a document.
receipt-too-many = You already have { $count } top-up requests waiting for an admin. Please wait until they are checked.
receipt-received = 📨 Receipt received: request #{ $id } for <b>{ $amount }</b>. An admin will check it and you will be told here.
receipt-card =
    🧾 <b>Top-up request #{ $id }</b>
    Buyer: { $buyer }
    Amount: <b>{ $amount }</b>
receipt-card-reused = ⚠️ This receipt file was sent before: { $list }
receipt-card-reused-item = #{ $id } ({ $status }, user { $user })
receipt-card-approved = ✅ Approved by { $admin }: { $amount } credited.
receipt-card-rejected = ❌ Rejected by { $admin }. Reason: { $reason }
receipt-status-pending = waiting
receipt-status-approved = approved
receipt-status-rejected = rejected
btn-approve = ✅ Approve
btn-adjust = ✏️ Adjust amount
btn-reject = ❌ Reject
receipt-already-decided = Request #{ $id } was already { $status } by { $admin }.
receipt-ask-reason = Send the reason for rejecting request #{ $id } ({ $amount }). The buyer will see it.
receipt-ask-adjust = Send the amount to credit for request #{ $id } (the buyer said { $amount }).
receipt-approved-admin = Request #{ $id } approved: { $amount } credited to { $buyer }.
receipt-rejected-admin = Request #{ $id } rejected; the buyer was told.
receipt-not-found = There is no such top-up request.
receipt-reason-empty = Please send the reason as a text message.
receipt-adjust-bad = Send the amount to credit as a number, like 50000 or 12.50 (or tap Never mind).
receipt-prompt-left = OK, request #{ $id } stays waiting.
topups-empty = No top-up requests are waiting.
topups-title = <b>Waiting top-up requests</b> ({ $count })
topups-line = #{ $id } · { $buyer } · { $amount } · { $age }
topups-hint = Tap a request to see its receipt and decide.
age-minutes = { $n } min ago
age-hours = { $n } h ago
age-days = { $n } d ago

refund-usage = Usage: /refund &lt;charge id&gt; (Telegram's, from the payment notice, or your provider's)
refund-confirm = Refund payment #{ $id } ({ $stars } Stars) to { $buyer }? { $amount } will be taken from their balance.
btn-refund-confirm = ↩️ Yes, refund
refund-done = ↩️ Payment #{ $id } refunded: { $stars } Stars back to { $buyer }; { $amount } taken from their balance.
refund-done-card = ↩️ Card payment #{ $id } recorded as refunded: { $amount } taken from the balance of { $buyer }. Now give back { $paid } at your payments provider (charge <code>{ $charge }</code>).
refund-confirm-card = Record the refund of card payment #{ $id } ({ $paid }) to { $buyer }? { $amount } will be taken from their balance. The bot cannot send card money back: refund it at your payments provider afterwards.
refund-clawback = The referral bonus paid for it, { $taken }, was taken back from { $referrer }.
refund-clawback-short = Of the referral bonus paid for it, { $taken } was taken back from { $referrer }; { $short } had been spent already and stays with them.
refund-short = Payment #{ $id } was not refunded: the buyer's balance ({ $balance }) no longer holds the credited { $amount }.
refund-not-found = There is no payment with that charge id.
refund-already = Payment #{ $id } is already refunded.
refund-refused = Telegram refused to refund payment #{ $id }: { $error }. The buyer's balance was restored.
refund-unknown = Telegram did not confirm the refund of payment #{ $id } ({ $error }). The balance stays debited; send /refund { $charge } again to finish it.

referrals-text =
    <b>Invite friends</b>
    Your link: { $link }
    You get { $percent }% of every top-up made by the people who join through it.
    Invited: <b>{ $count }</b>
    Earned: <b>{ $earned }</b>
referrals-off =
    <b>Invite friends</b>
    Your link: { $link }
    Invited: <b>{ $count }</b>

promo-usage = Send <code>/promo CODE</code> to redeem a promo code.
promo-not-found = There is no such promo code.
promo-expired = This promo code has expired.
promo-used-up = This promo code has been used up.
promo-already = You have already used this promo code.
promo-redeemed = 🎁 Promo code { $code }: <b>{ $amount }</b> added to your balance. Balance: <b>{ $balance }</b>
promo-admin-usage =
    Usage: <code>/promo create CODE amount uses [YYYY-MM-DD or days]</code>
    For example: <code>/promo create SPRING 5000 100 30</code>
    CODE: 3–32 letters, digits, _ or -.
    /promo list — the latest codes
promo-created = Promo code <code>{ $code }</code> created: { $amount } each, { $uses } uses, { $expiry }.
promo-exists = A promo code with that name already exists.
promo-no-expiry = no expiry
promo-expires = valid until { $date } (UTC)
promo-list-empty = There are no promo codes yet.
promo-list-line = <code>{ $code }</code> · { $amount } · { $used }/{ $uses } used · { $expiry }

"""DynamoDB storage: the table definition, key layout and one repository per noun.

Every repository method takes the account first, so a tenant-less query cannot be written. No
request path scans.
"""
